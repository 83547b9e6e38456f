package dev.weft.http.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The routes of one {@link WebApp}: exact paths in a hash map (one lookup on the hot path), then
 * patterns in registration order. Resolves per method, with automatic HEAD (from GET) and the
 * {@code Allow} set for 405 and OPTIONS. Built on one thread, then read-only (safe to share).
 */
final class Router {
    /** One path with its handlers by method. */
    static final class Resource {
        final RoutePattern pattern;
        final Map<String, Handler> handlers = new LinkedHashMap<>();

        Resource(RoutePattern pattern) {
            this.pattern = pattern;
        }

        Handler handler(String method) {
            Handler h = handlers.get(method);
            if (h == null && method.equals("HEAD")) {
                h = handlers.get("GET");
            }
            return h == null ? handlers.get("*") : h;
        }

        TreeSet<String> allowed() {
            var allowed = new TreeSet<>(handlers.keySet());
            if (allowed.remove("*")) {
                allowed.addAll(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
            }
            if (allowed.contains("GET")) {
                allowed.add("HEAD");
            }
            allowed.add("OPTIONS");
            return allowed;
        }
    }

    /** The outcome of a lookup. */
    sealed interface Match {
    }

    /** A handler for the method; {@code template} is the route as registered, e.g. {@code /users/{id}}. */
    record Found(Handler handler, Map<String, String> params, String template) implements Match {
    }

    record WrongMethod(TreeSet<String> allowed, String template) implements Match {
    }

    record Missing() implements Match {
    }

    private static final Missing MISSING = new Missing();

    private final Map<String, Resource> exact = new HashMap<>();
    private final List<Resource> patterns = new ArrayList<>();
    private final Map<String, Resource> named = new HashMap<>();

    void add(String method, String path, Handler handler, String name) {
        RoutePattern pattern = RoutePattern.parse(path);
        Resource resource = pattern.isLiteral() ? exact.get(path) : find(path);
        if (resource == null) {
            resource = new Resource(pattern);
            if (pattern.isLiteral()) {
                exact.put(path, resource);
            } else {
                patterns.add(resource);
            }
        }
        if (resource.handlers.putIfAbsent(method, handler) != null) {
            throw new IllegalArgumentException("route " + method + " " + path + " added twice");
        }
        Resource previous = name == null ? null : named.putIfAbsent(name, resource);
        if (previous != null && previous != resource) {
            throw new IllegalArgumentException("route name used twice: " + name);
        }
    }

    private Resource find(String path) {
        for (Resource r : patterns) {
            if (r.pattern.source().equals(path)) {
                return r;
            }
        }
        return null;
    }

    Match match(String method, String rawPath) {
        Resource r = exact.get(rawPath);
        if (r != null) {
            return resolve(r, method, Map.of());
        }
        for (Resource p : patterns) {
            Map<String, String> params = p.pattern.match(rawPath);
            if (params != null) {
                return resolve(p, method, params);
            }
        }
        return MISSING;
    }

    private static Match resolve(Resource r, String method, Map<String, String> params) {
        Handler h = r.handler(method);
        String template = r.pattern.source();
        return h == null ? new WrongMethod(r.allowed(), template) : new Found(h, params, template);
    }

    /** The path of the route named {@code name}, or null when there is none. */
    String url(String name, Map<String, String> params) {
        Resource r = named.get(name);
        return r == null ? null : r.pattern.build(params);
    }
}
