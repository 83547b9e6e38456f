package dev.weft.http.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A route path in aiohttp's syntax: literal text, {@code {name}} (one segment), {@code {name:regex}}
 * (the regex may span segments, e.g. {@code {tail:.*}}). It matches the still percent-encoded path,
 * so an encoded {@code %2F} never splits a segment; parameter values are decoded after matching.
 * Immutable.
 */
final class RoutePattern {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String source;
    private final Pattern regex;
    private final List<String> names;
    private final List<Object> pieces;

    private RoutePattern(String source, Pattern regex, List<String> names, List<Object> pieces) {
        this.source = source;
        this.regex = regex;
        this.names = names;
        this.pieces = pieces;
    }

    /** Parses {@code path}; throws {@link IllegalArgumentException} naming the problem. */
    static RoutePattern parse(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("route path must start with '/': " + path);
        }
        var names = new ArrayList<String>();
        var pieces = new ArrayList<Object>();
        var re = new StringBuilder();
        int i = 0;
        while (i < path.length()) {
            int open = path.indexOf('{', i);
            if (open < 0) {
                open = path.length();
            }
            if (open > i) {
                String literal = path.substring(i, open);
                if (literal.indexOf('}') >= 0) {
                    throw new IllegalArgumentException("unbalanced '}' in route: " + path);
                }
                pieces.add(literal);
                re.append(Pattern.quote(literal));
            }
            if (open == path.length()) {
                break;
            }
            int depth = 0;
            int close = open;
            for (; close < path.length(); close++) {
                char c = path.charAt(close);
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    break;
                }
            }
            if (close == path.length()) {
                throw new IllegalArgumentException("unclosed '{' in route: " + path);
            }
            String spec = path.substring(open + 1, close);
            int colon = spec.indexOf(':');
            String name = colon < 0 ? spec : spec.substring(0, colon);
            String paramRegex = colon < 0 ? "[^/]+" : spec.substring(colon + 1);
            if (!NAME.matcher(name).matches() || names.contains(name)) {
                throw new IllegalArgumentException("bad or repeated parameter name '" + name + "' in route: " + path);
            }
            try {
                Pattern.compile(paramRegex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("bad regex for parameter " + name + " in route " + path, e);
            }
            names.add(name);
            pieces.add(new Param(name, Pattern.compile(paramRegex)));
            re.append("(?<").append(name).append('>').append(paramRegex).append(')');
            i = close + 1;
        }
        return new RoutePattern(path, Pattern.compile(re.toString()), List.copyOf(names), List.copyOf(pieces));
    }

    private record Param(String name, Pattern regex) {
    }

    /** Whether the pattern has no parameters (then the source is the exact path). */
    boolean isLiteral() {
        return names.isEmpty();
    }

    String source() {
        return source;
    }

    /** The decoded parameters when {@code rawPath} matches, else null. */
    Map<String, String> match(String rawPath) {
        Matcher m = regex.matcher(rawPath);
        if (!m.matches()) {
            return null;
        }
        if (names.isEmpty()) {
            return Map.of();
        }
        var params = new LinkedHashMap<String, String>(names.size() * 2);
        for (String name : names) {
            params.put(name, UrlCodec.decode(m.group(name), false));
        }
        return params;
    }

    /** The path for {@code params}, each value percent-encoded (slashes kept where the regex allows them). */
    String build(Map<String, String> params) {
        var sb = new StringBuilder();
        for (Object piece : pieces) {
            if (piece instanceof Param(String name, Pattern re)) {
                String value = params.get(name);
                if (value == null) {
                    throw new IllegalArgumentException("missing parameter " + name + " for route " + source);
                }
                var encoded = new StringBuilder();
                String[] segments = value.split("/", -1);
                for (int s = 0; s < segments.length; s++) {
                    encoded.append(s == 0 ? "" : "/").append(UrlCodec.encodeSegment(segments[s]));
                }
                if (!re.matcher(encoded).matches()) {
                    // A one-segment parameter: its slashes must travel encoded.
                    encoded = new StringBuilder(UrlCodec.encodeSegment(value));
                }
                if (!re.matcher(encoded).matches()) {
                    throw new IllegalArgumentException("value '" + value + "' does not match parameter " + name
                            + " of route " + source);
                }
                sb.append(encoded);
            } else {
                sb.append(piece);
            }
        }
        return sb.toString();
    }
}
