package dev.weft.http.server;

import java.net.SocketAddress;

/**
 * What the original client used, as resolved through trusted proxies: its address, the scheme it
 * spoke and the host it asked for (null when unknown).
 */
record ClientView(SocketAddress address, String scheme, String host) {
}
