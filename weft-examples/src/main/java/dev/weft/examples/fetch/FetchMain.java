package dev.weft.examples.fetch;

import dev.weft.http.client.HttpClient;
import java.util.List;

/**
 * The concurrent fetcher on the command line: {@code ./weft example fetch.FetchMain -c 32 URL...}.
 * Prints a progress bar on standard error and the summary table on standard output; exits 1 when some
 * URL failed (no response, or a status of 400 or more) and 2 on a bad command line.
 */
public final class FetchMain {
    private FetchMain() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args)));
    }

    static int run(List<String> args) {
        FetchOptions options;
        try {
            options = FetchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        try (HttpClient client = HttpClient.builder()
                .maxConnectionsPerHost(options.concurrency())
                .totalTimeout(options.timeout())
                .build()) {
            List<FetchResult> results = new Fetcher(client, options).fetchAll(System.err);
            System.out.print(SummaryTable.format(results));
            return results.stream().allMatch(FetchResult::ok) ? 0 : 1;
        }
    }
}
