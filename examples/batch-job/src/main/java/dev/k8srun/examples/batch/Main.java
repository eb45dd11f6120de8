package dev.k8srun.examples.batch;

import dev.k8srun.examples.batch.report.Summary;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Reads the bundled orders, totals them per customer, prints a report. */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws IOException {
    String currency = args.length >= 2 && args[0].equals("--currency") ? args[1] : "USD";
    Summary summary = new Summary(currency);
    try (InputStream in = Main.class.getResourceAsStream("/orders.csv");
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      List<CSVRecord> records =
          CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
      for (CSVRecord record : records) {
        summary.add(record.get("customer"), new BigDecimal(record.get("amount")));
      }
    }
    summary.lines().forEach(System.out::println);
    // For the failing variant: BATCH_EXIT_CODE=3 makes the job end with exit code 3.
    String exitCode = System.getenv("BATCH_EXIT_CODE");
    if (exitCode != null && !exitCode.isBlank() && !exitCode.equals("0")) {
      System.out.println("Failing on purpose with exit code " + exitCode);
      System.exit(Integer.parseInt(exitCode.trim()));
    }
  }
}
