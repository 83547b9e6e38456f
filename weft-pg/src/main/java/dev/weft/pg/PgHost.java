package dev.weft.pg;

/**
 * One server address of a connection string. Immutable.
 *
 * @param host a host name or IP address
 * @param port the TCP port, 1 to 65535
 */
public record PgHost(String host, int port) {
    public PgHost {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is blank: '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range 1..65535: " + port);
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
