package dev.k8srun.examples.batch.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Totals per customer: the helper the job imports from another package. */
public final class Summary {

  private final String currency;
  private final Map<String, BigDecimal> totals = new TreeMap<>();
  private int orders;

  public Summary(String currency) {
    this.currency = currency;
  }

  public void add(String customer, BigDecimal amount) {
    totals.merge(customer, amount, BigDecimal::add);
    orders++;
  }

  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add("Processed " + orders + " orders for " + totals.size() + " customers");
    totals.forEach((customer, total) -> lines.add("  " + customer + ": " + total + " " + currency));
    BigDecimal sum = totals.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    lines.add("Total: " + sum + " " + currency);
    return lines;
  }
}
