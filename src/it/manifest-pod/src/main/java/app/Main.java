package app;

import app.util.Helper;

public class Main {
  public static void main(String[] args) {
    System.out.println(Helper.greeting());
  }
}
