package app;

public class Tool {
  public static void main(String[] args) {
    System.out.println("tool ran");
  }
}
