package app.util;

public class Helper {
  public static String greeting() {
    return "hello";
  }
}
