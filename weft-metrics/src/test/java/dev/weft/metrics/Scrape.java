package dev.weft.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scrape parsed by the Prometheus project's own Python parser ({@code prometheus_client}): it fails on
 * output a Prometheus server would reject, and gives the samples to assert on.
 */
record Scrape(List<Sample> samples) {
    /** One sample line: its full name ({@code _bucket}, {@code _count}, ... included), labels and value. */
    record Sample(String family, String type, String name, Map<String, String> labels, double value) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PARSER = """
            import json, math, sys
            from prometheus_client.parser import text_string_to_metric_families
            for family in text_string_to_metric_families(sys.stdin.read()):
                for s in family.samples:
                    v = s.value
                    text = "NaN" if math.isnan(v) else "Infinity" if v == math.inf else "-Infinity" if v == -math.inf else repr(float(v))
                    print(json.dumps({"family": family.name, "type": family.type, "name": s.name, "labels": s.labels, "value": text}))
            """;

    /** Parses {@code text}; a line the parser rejects fails the test with its message. */
    static Scrape parse(String text) {
        var samples = new ArrayList<Sample>();
        for (String line : Peers.python(PARSER, text).ok().lines().toList()) {
            try {
                JsonNode node = JSON.readTree(line);
                var labels = new LinkedHashMap<String, String>();
                node.get("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
                samples.add(new Sample(node.get("family").asText(), node.get("type").asText(), node.get("name").asText(),
                        labels, Double.parseDouble(node.get("value").asText())));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertThat(samples).as("samples in the scrape").isNotEmpty();
        return new Scrape(samples);
    }

    /** The samples named {@code name} whose labels include {@code labels} (name, value, name, value...). */
    List<Sample> find(String name, String... labels) {
        return samples.stream().filter(s -> s.name().equals(name) && hasLabels(s, labels)).toList();
    }

    /** The value of the one sample named {@code name} with {@code labels}. */
    double value(String name, String... labels) {
        List<Sample> found = find(name, labels);
        assertThat(found).as(name + " " + List.of(labels)).hasSize(1);
        return found.getFirst().value();
    }

    /** The sum of the samples named {@code name} with {@code labels}: 0 when there is none yet. */
    double sum(String name, String... labels) {
        return find(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    /** The type of the family that {@code name} belongs to. */
    String typeOf(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name)).type();
    }

    private static boolean hasLabels(Sample sample, String... labels) {
        for (int i = 0; i < labels.length; i += 2) {
            if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
                return false;
            }
        }
        return true;
    }
}
