package app;

public class Main {
  public String notAMain() {
    return "no main here";
  }
}
