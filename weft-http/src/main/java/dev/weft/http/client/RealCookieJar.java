package dev.weft.http.client;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory {@link CookieJar}: parsing of RFC 6265 section 5.2, storage of section 5.3 and
 * retrieval of section 5.4. Thread-safe: one lock around the map (no I/O under it).
 */
final class RealCookieJar implements CookieJar {
    /** Most cookies kept; the oldest go first beyond it, so a hostile server cannot grow the jar forever. */
    private static final int MAX_COOKIES = 3000;
    /** RFC 1123 dates, also with dashes (RFC 850 style, dashes turned into spaces before parsing). */
    private static final DateTimeFormatter LENIENT_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss zzz", Locale.ROOT);

    private final ReentrantLock lock = new ReentrantLock();
    /** Keyed by name, domain and path; insertion order is creation order, which breaks ties in retrieval. */
    private final Map<String, ClientCookie> cookies = new LinkedHashMap<>();
    private final Clock clock;

    RealCookieJar() {
        this(Clock.systemUTC());
    }

    RealCookieJar(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void store(URI url, List<String> setCookieValues) {
        String host = Endpoint.of(url).host();
        for (String value : setCookieValues) {
            ClientCookie cookie = parse(value, host, url.getRawPath());
            if (cookie == null) {
                continue;
            }
            String key = cookie.name() + ";" + cookie.domain() + ";" + cookie.path();
            lock.lock();
            try {
                cookies.remove(key);
                if (!cookie.expiredAt(clock.instant())) {
                    cookies.put(key, cookie);
                    if (cookies.size() > MAX_COOKIES) {
                        cookies.remove(cookies.keySet().iterator().next());
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public List<ClientCookie> cookiesFor(URI url) {
        String host = Endpoint.of(url).host();
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        boolean secure = scheme.equals("https") || scheme.equals("wss");
        Instant now = clock.instant();
        List<ClientCookie> matching = new ArrayList<>();
        lock.lock();
        try {
            cookies.values().removeIf(c -> c.expiredAt(now));
            for (ClientCookie cookie : cookies.values()) {
                boolean hostMatches = cookie.hostOnly() ? host.equals(cookie.domain()) : domainMatches(host, cookie.domain());
                if (hostMatches && pathMatches(path, cookie.path()) && (!cookie.secure() || secure)) {
                    matching.add(cookie);
                }
            }
        } finally {
            lock.unlock();
        }
        // Longer paths first; the sort is stable, so creation order breaks ties (section 5.4 step 2).
        matching.sort(Comparator.comparingInt((ClientCookie c) -> c.path().length()).reversed());
        return matching;
    }

    @Override
    public List<ClientCookie> cookies() {
        Instant now = clock.instant();
        lock.lock();
        try {
            cookies.values().removeIf(c -> c.expiredAt(now));
            return List.copyOf(cookies.values());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void clear() {
        lock.lock();
        try {
            cookies.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Section 5.2 then the checks of 5.3; null when the value is to be ignored. */
    ClientCookie parse(String setCookie, String host, String requestPath) {
        String[] parts = setCookie.split(";", -1);
        int eq = parts[0].indexOf('=');
        if (eq < 0) {
            return null;
        }
        String name = parts[0].substring(0, eq).strip();
        String value = parts[0].substring(eq + 1).strip();
        if (name.isEmpty()) {
            return null;
        }
        Instant expires = null;
        Instant maxAge = null;
        String domain = null;
        String path = null;
        boolean secure = false;
        boolean httpOnly = false;
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i];
            int at = attribute.indexOf('=');
            String key = (at < 0 ? attribute : attribute.substring(0, at)).strip().toLowerCase(Locale.ROOT);
            String arg = at < 0 ? "" : attribute.substring(at + 1).strip();
            switch (key) {
                case "expires" -> expires = parseDate(arg, expires);
                case "max-age" -> maxAge = parseMaxAge(arg, maxAge);
                case "domain" -> {
                    if (!arg.isEmpty()) {
                        domain = (arg.startsWith(".") ? arg.substring(1) : arg).toLowerCase(Locale.ROOT);
                    }
                }
                case "path" -> path = arg.startsWith("/") ? arg : null;
                case "secure" -> secure = true;
                case "httponly" -> httpOnly = true;
                default -> {
                    // SameSite and unknown attributes do not concern a client without documents
                }
            }
        }
        boolean hostOnly = domain == null || domain.isEmpty();
        if (hostOnly) {
            domain = host;
        } else if (!domainMatches(host, domain) || (domain.indexOf('.') < 0 && !domain.equals(host))) {
            return null; // a cookie for another site, or for a whole top-level domain
        }
        return new ClientCookie(name, value, domain, hostOnly, path != null ? path : defaultPath(requestPath),
                maxAge != null ? maxAge : expires, secure, httpOnly);
    }

    private Instant parseMaxAge(String arg, Instant previous) {
        if (arg.isEmpty() || !(arg.charAt(0) == '-' || Character.isDigit(arg.charAt(0)))
                || !arg.substring(1).chars().allMatch(Character::isDigit)) {
            return previous;
        }
        long seconds;
        try {
            seconds = Long.parseLong(arg);
        } catch (NumberFormatException e) {
            seconds = arg.startsWith("-") ? 0 : Long.MAX_VALUE;
        }
        // Zero or negative: expired at once (section 5.2.2); huge values are capped to stay representable.
        return seconds <= 0 ? Instant.EPOCH : clock.instant().plusSeconds(Math.min(seconds, 400L * 24 * 3600));
    }

    private static Instant parseDate(String arg, Instant previous) {
        try {
            return ZonedDateTime.parse(arg.replace('-', ' '), LENIENT_DATE).toInstant();
        } catch (DateTimeParseException e) {
            return previous;
        }
    }

    /** Section 5.1.3. */
    static boolean domainMatches(String host, String domain) {
        if (host.equals(domain)) {
            return true;
        }
        boolean ip = host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
        return !ip && host.endsWith("." + domain);
    }

    /** Section 5.1.4. */
    static boolean pathMatches(String requestPath, String cookiePath) {
        if (requestPath.equals(cookiePath)) {
            return true;
        }
        return requestPath.startsWith(cookiePath)
                && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/');
    }

    /** Section 5.1.4: the request path up to, not including, its last slash; "/" when that is empty. */
    static String defaultPath(String requestPath) {
        if (requestPath == null || !requestPath.startsWith("/")) {
            return "/";
        }
        int last = requestPath.lastIndexOf('/');
        return last == 0 ? "/" : requestPath.substring(0, last);
    }
}
