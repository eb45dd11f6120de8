package app;

public class Main {
  public static void main(String[] args) {
    System.out.println("order service ran from " + System.getProperty("user.dir"));
  }
}
