package dev.weft.http.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into the addresses to connect to, in the order they are tried. The client calls it
 * on a virtual thread of its own, at most once per host and {@linkplain HttpClient.Builder#dnsCacheTtl(java.time.Duration) DNS cache TTL},
 * and stops waiting for it at the connect timeout or the caller's deadline (a lookup cannot be
 * interrupted, so a hanging one ends in its own time). IP literals never reach it. Implementations
 * must be thread-safe.
 *
 * {@snippet :
 * DnsResolver internal = host -> host.endsWith(".svc")
 *         ? List.of(InetAddress.ofLiteral("10.0.0.7"))
 *         : DnsResolver.system().resolve(host);
 * var client = HttpClient.builder().resolver(internal).build();
 * }
 */
@FunctionalInterface
public interface DnsResolver {
    /** The JVM's resolver ({@link InetAddress#getAllByName}), which has its own cache ({@code networkaddress.cache.ttl}). */
    static DnsResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }

    /**
     * The addresses of {@code host}, best first; IPv4 and IPv6 may be mixed.
     *
     * @throws UnknownHostException when the name does not resolve
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
