package dev.weft.examples.fetch;

import java.util.List;

/** Formats fetch results as a plain-text table with a closing line of totals. */
final class SummaryTable {
    private SummaryTable() {
    }

    static String format(List<FetchResult> results) {
        int urlWidth = Math.max(3, results.stream().mapToInt(r -> r.url().toString().length()).max().orElse(3));
        var out = new StringBuilder();
        String row = "%-" + urlWidth + "s  %6s  %10s  %9s  %8s  %s%n";
        out.append(String.format(row, "URL", "STATUS", "BYTES", "TIME (ms)", "ATTEMPTS", "ERROR"));
        long totalBytes = 0;
        int failed = 0;
        for (FetchResult r : results) {
            out.append(String.format(row, r.url(), r.status() == 0 ? "-" : Integer.toString(r.status()),
                    r.bytes(), r.elapsed().toMillis(), r.attempts(), r.error() == null ? "" : r.error()));
            totalBytes += r.bytes();
            failed += r.ok() ? 0 : 1;
        }
        out.append(String.format("%d URLs, %d ok, %d failed, %d bytes%n",
                results.size(), results.size() - failed, failed, totalBytes));
        return out.toString();
    }
}
