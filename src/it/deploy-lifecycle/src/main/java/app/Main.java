package app;

public class Main {
  public static void main(String[] args) {
    System.out.println("hello " + String.join(" ", args) + " from " + System.getProperty("user.dir"));
  }
}
