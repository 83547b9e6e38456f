package dev.weft.http.client;

import dev.weft.core.Cancellation;
import dev.weft.core.Deadline;
import dev.weft.core.ExecutionFailed;
import dev.weft.http.codec.ResponseHeadParser;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * One TCP (or TLS) connection to an {@link Endpoint} with its read buffer. Used by one request at a
 * time (the pool hands it out exclusively), so not thread-safe, except {@link #abort()}, which any
 * thread may call to break a blocked read or write.
 *
 * <p>Every blocking call follows the weft-core cancellation rules: check first, bound the socket
 * timeout by the read timeout, the request's total deadline and the scope's deadline, register
 * {@link #abort()} while blocked, and check again when the call fails. Any failure leaves the
 * connection {@linkplain #broken() broken}: it is closed and never pooled again.
 */
final class ClientConnection {
    private static final int INITIAL_BUFFER = 16 * 1024;

    final Endpoint endpoint;
    final ResponseHeadParser parser;
    /** The TCP (or TLS) socket, or null for a Unix domain socket. */
    private final Socket socket;
    /**
     * The TCP socket beneath TLS (the same as {@link #socket} without TLS): aborts close it, because
     * closing an {@code SSLSocket} tries to send close_notify and can wait for a blocked writer.
     */
    private final Socket tcp;
    /** The Unix domain socket, or null for TCP. */
    private final SocketChannel unix;
    private final InputStream in;
    private final OutputStream out;
    private final int maxBuffer;
    private final ClientConfig config;
    byte[] buf = new byte[INITIAL_BUFFER];
    int start;
    int end;
    /** How many exchanges completed on this connection; above zero it is a reused connection. */
    int exchanges;
    long idleSinceNanos;
    /** {@link System#nanoTime()} by which the current request must end, or {@link Long#MAX_VALUE}. */
    long deadlineNanos = Long.MAX_VALUE;
    private volatile boolean broken;

    private ClientConnection(Endpoint endpoint, Socket socket, Socket tcp, SocketChannel unix, ClientConfig config)
            throws IOException {
        this.endpoint = endpoint;
        this.socket = socket;
        this.tcp = tcp;
        this.unix = unix;
        this.config = config;
        this.in = socket != null ? socket.getInputStream() : Channels.newInputStream(unix);
        this.out = new BufferedOutputStream(socket != null ? socket.getOutputStream() : Channels.newOutputStream(unix), 8192);
        this.parser = new ResponseHeadParser(config.limits());
        this.maxBuffer = Math.max(INITIAL_BUFFER, config.limits().maxHeaderSize() + 1024);
    }

    /**
     * Opens a connection (and completes the TLS handshake) within the connect timeout, the request's
     * deadline and the scope's deadline.
     *
     * @throws ClientTimeout         when the connect timeout expires
     * @throws HttpClientException   when the host is unknown or refuses the connection
     */
    static ClientConnection open(Endpoint endpoint, ClientConfig config, long deadlineNanos) {
        Cancellation.check();
        if (config.unixSocket() != null) {
            return openUnix(endpoint, config);
        }
        Duration limit = config.connectTimeout();
        boolean totalBinds = deadlineNanos != Long.MAX_VALUE
                && (limit.isZero() || deadlineNanos - System.nanoTime() <= limit.toNanos());
        // One budget for the lookup, the TCP connect, the tunnel and the TLS handshake together.
        long connectBy = limit.isZero() ? deadlineNanos : Math.min(deadlineNanos, System.nanoTime() + limit.toNanos());
        Endpoint hop = endpoint.proxy() != null ? endpoint.proxy() : endpoint;
        Socket socket = null;
        boolean ok = false;
        try {
            socket = connect(config.hosts().resolve(hop.host(), connectBy), hop, config, connectBy);
            Socket tcp = socket;
            try (var abort = Cancellation.onAbort(() -> closeQuietly(tcp))) {
                Socket connected = socket;
                if (endpoint.tunnel()) {
                    socket.setSoTimeout(timeoutMillis(Duration.ZERO, connectBy));
                    tunnel(socket, endpoint, config);
                }
                if (endpoint.tls()) {
                    SSLSocket tls = (SSLSocket) config.tls().getSocketFactory()
                            .createSocket(socket, endpoint.host(), endpoint.port(), true);
                    SSLParameters parameters = tls.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    tls.setSSLParameters(parameters);
                    tls.setSoTimeout(timeoutMillis(Duration.ZERO, connectBy));
                    tls.startHandshake();
                    checkPins(tls, endpoint, config);
                    connected = tls;
                }
                ClientConnection connection = new ClientConnection(endpoint, connected, socket, null, config);
                ok = true;
                return connection;
            }
        } catch (SocketTimeoutException e) {
            Cancellation.check();
            if (totalBinds) {
                throw new ClientTimeout(ClientTimeout.Kind.TOTAL, config.totalTimeout(), "connecting to " + endpoint);
            }
            throw new ClientTimeout(ClientTimeout.Kind.CONNECT, config.connectTimeout(), "connecting to " + endpoint);
        } catch (UnknownHostException e) {
            throw new HttpClientException("unknown host " + hop.host(), e);
        } catch (IOException e) {
            Cancellation.check();
            throw new HttpClientException("cannot connect to " + endpoint + ": " + e.getMessage(), e);
        } finally {
            if (!ok && socket != null) {
                closeQuietly(socket);
            }
        }
    }

    /**
     * A TCP connection to the first of {@code addresses} that accepts one, tried in order; a refusal
     * moves on to the next address, a timeout ends the attempt (the budget is spent).
     */
    private static Socket connect(List<InetAddress> addresses, Endpoint hop, ClientConfig config, long connectBy)
            throws IOException {
        IOException failure = null;
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            boolean ok = false;
            try (var abort = Cancellation.onAbort(() -> closeQuietly(socket))) {
                socket.setTcpNoDelay(true);
                if (config.localAddress() != null) {
                    socket.bind(new InetSocketAddress(config.localAddress(), 0));
                }
                socket.connect(new InetSocketAddress(address, hop.port()), timeoutMillis(Duration.ZERO, connectBy));
                ok = true;
                return socket;
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                Cancellation.check();
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            } finally {
                if (!ok) {
                    closeQuietly(socket);
                }
            }
        }
        throw failure;
    }

    /** Connects to the configured Unix domain socket; local, so without a connect timeout of its own. */
    private static ClientConnection openUnix(Endpoint endpoint, ClientConfig config) {
        if (endpoint.tls()) {
            throw new HttpClientException("TLS over a Unix domain socket is not supported: " + endpoint);
        }
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            SocketChannel opened = channel;
            try (var abort = Cancellation.onAbort(() -> closeQuietly(opened))) {
                channel.connect(UnixDomainSocketAddress.of(config.unixSocket()));
            }
            return new ClientConnection(endpoint, null, null, channel, config);
        } catch (IOException e) {
            if (channel != null) {
                closeQuietly(channel);
            }
            Cancellation.check();
            throw new HttpClientException("cannot connect to " + config.unixSocket() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Asks the proxy for a tunnel to {@code endpoint} (RFC 9110 section 9.3.6) and reads its answer
     * byte by byte, so that nothing of the tunnelled stream is consumed.
     */
    private static void tunnel(Socket socket, Endpoint endpoint, ClientConfig config) throws IOException {
        String host = endpoint.host().indexOf(':') >= 0 ? "[" + endpoint.host() + "]" : endpoint.host();
        String authority = host + ":" + endpoint.port();
        StringBuilder request = new StringBuilder("CONNECT ").append(authority).append(" HTTP/1.1\r\nHost: ")
                .append(authority).append("\r\n");
        String authorization = config.proxy().authorizationFor(endpoint);
        if (authorization != null) {
            request.append("Proxy-Authorization: ").append(authorization).append("\r\n");
        }
        OutputStream out = socket.getOutputStream();
        out.write(request.append("\r\n").toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = socket.getInputStream();
        var parser = new ResponseHeadParser(config.limits());
        byte[] head = new byte[config.limits().maxHeaderSize()];
        int length = 0;
        dev.weft.http.codec.ResponseHead response = null;
        while (response == null) {
            int b = in.read();
            if (b < 0) {
                throw new HttpClientException("proxy " + endpoint.proxy() + " closed the connection during CONNECT to "
                        + authority);
            }
            if (length == head.length) {
                throw new HttpClientException("proxy " + endpoint.proxy() + " sent a CONNECT answer larger than "
                        + head.length + " bytes");
            }
            head[length++] = (byte) b;
            try {
                response = parser.parse(head, 0, length);
            } catch (dev.weft.http.codec.HttpParseException e) {
                throw new HttpClientException("proxy " + endpoint.proxy() + " sent a malformed answer to CONNECT: "
                        + e.reason());
            }
        }
        if (response.status() < 200 || response.status() > 299) {
            throw new HttpClientException("proxy " + endpoint.proxy() + " refused CONNECT to " + authority + ": "
                    + response.status() + " " + response.reason());
        }
    }

    /** Refuses a chain without a pinned public key, when the host has pins. */
    private static void checkPins(SSLSocket tls, Endpoint endpoint, ClientConfig config) throws IOException {
        java.util.Set<String> pins = config.certificatePins().get(endpoint.host());
        if (pins == null) {
            return;
        }
        List<String> seen = new java.util.ArrayList<>();
        for (java.security.cert.Certificate certificate : tls.getSession().getPeerCertificates()) {
            String pin = "sha256/" + java.util.Base64.getEncoder().encodeToString(sha256(certificate.getPublicKey().getEncoded()));
            if (pins.contains(pin)) {
                return;
            }
            seen.add(pin);
        }
        throw new HttpClientException("certificate pinning failure for " + endpoint.host() + ": the chain has "
                + seen + ", none of the pinned " + pins);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    /** Whether a failure or an abort has made this connection unusable. */
    boolean broken() {
        return broken || (tcp != null ? tcp.isClosed() : !unix.isOpen());
    }

    /** Closes the socket at once; any thread may call it; idempotent. */
    void abort() {
        broken = true;
        closeQuietly(tcp != null ? tcp : unix);
    }

    /**
     * The input of a connection taken over by another protocol (a WebSocket): the bytes already
     * buffered, then the socket, with no read timeout left over from HTTP.
     */
    InputStream takeOverInput() throws IOException {
        if (socket != null) {
            socket.setSoTimeout(0);
        }
        InputStream rest = new java.io.ByteArrayInputStream(Arrays.copyOfRange(buf, start, end));
        start = end;
        return new java.io.SequenceInputStream(rest, in);
    }

    /** The output of a connection taken over by another protocol; closing it closes the socket. */
    OutputStream takeOverOutput() {
        return out;
    }

    /**
     * Writes {@code head} and {@code body} (which may be null) and flushes. A body is written within the
     * request's total deadline: a server that stops reading it cannot hold the caller forever.
     *
     * @throws IOException   when the connection fails; it is then broken
     * @throws ClientTimeout when the total timeout expires while the body is being written
     */
    void send(byte[] head, RequestBody body) throws IOException {
        if (body == null || deadlineNanos == Long.MAX_VALUE) {
            write(head, body);
            return;
        }
        boolean written;
        try {
            // Socket writes have no timeout of their own; a deadline scope closes the socket instead.
            written = Deadline.moveOnAfter(Duration.ofNanos(Math.max(1, deadlineNanos - System.nanoTime())),
                    () -> write(head, body));
        } catch (ExecutionFailed e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
        if (!written) {
            abort();
            throw new ClientTimeout(ClientTimeout.Kind.TOTAL, config.totalTimeout(),
                    "sending the request body to " + endpoint);
        }
    }

    private void write(byte[] head, RequestBody body) throws IOException {
        Cancellation.check();
        try (var abort = Cancellation.onAbort(this::abort)) {
            out.write(head);
            if (body != null) {
                body.writeTo(out);
            }
            out.flush();
        } catch (IOException e) {
            abort();
            Cancellation.check();
            throw e;
        }
    }

    /**
     * Reads more bytes into {@link #buf} after {@link #end}, compacting or growing it (up to a bound) first.
     *
     * @return the number of bytes read, or -1 at the end of the stream
     * @throws ClientTimeout when the read or total timeout expires first
     * @throws IOException   when the connection fails; it is then broken
     */
    int fill() throws IOException {
        if (start == end) {
            start = 0;
            end = 0;
        } else if (end == buf.length) {
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            } else if (buf.length < maxBuffer) {
                buf = Arrays.copyOf(buf, Math.min(maxBuffer, buf.length * 2));
            } else {
                throw new InvalidResponse("response head larger than " + config.limits().maxHeaderSize() + " bytes");
            }
        }
        Cancellation.check();
        Duration read = config.readTimeout();
        // Which limit ends the wait decides which timeout is reported: the total one when it is nearer.
        boolean totalBinds = deadlineNanos != Long.MAX_VALUE
                && (read.isZero() || deadlineNanos - System.nanoTime() <= read.toNanos());
        int timeout = timeoutMillis(read, deadlineNanos);
        try (var abort = Cancellation.onAbort(this::abort)) {
            int n;
            if (socket != null) {
                socket.setSoTimeout(timeout);
                n = in.read(buf, end, buf.length - end);
            } else {
                n = readUnix(timeout);
            }
            if (n > 0) {
                end += n;
            }
            return n;
        } catch (SocketTimeoutException e) {
            abort();
            Cancellation.check();
            if (totalBinds) {
                throw new ClientTimeout(ClientTimeout.Kind.TOTAL, config.totalTimeout(), "reading from " + endpoint);
            }
            throw new ClientTimeout(ClientTimeout.Kind.READ, config.readTimeout(), "reading from " + endpoint);
        } catch (IOException e) {
            abort();
            Cancellation.check();
            throw e;
        }
    }

    /**
     * A read from the Unix domain socket, whose channel has no socket timeout: a deadline scope of
     * {@code timeoutMillis} closes it instead, reported as the {@link SocketTimeoutException} a socket
     * would have thrown.
     */
    private int readUnix(int timeoutMillis) throws IOException {
        if (timeoutMillis == 0) {
            return in.read(buf, end, buf.length - end);
        }
        int[] read = new int[1];
        boolean done;
        try {
            done = Deadline.moveOnAfter(Duration.ofMillis(timeoutMillis), () -> {
                try (var abort = Cancellation.onAbort(this::abort)) {
                    read[0] = in.read(buf, end, buf.length - end);
                }
            });
        } catch (ExecutionFailed e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
        if (!done) {
            throw new SocketTimeoutException("read timed out");
        }
        return read[0];
    }

    /** The socket timeout: the smallest of {@code limit} (zero: none), the request deadline and the scope's. */
    private static int timeoutMillis(Duration limit, long deadlineNanos) {
        long nanos = limit.isZero() ? Long.MAX_VALUE : limit.toNanos();
        if (deadlineNanos != Long.MAX_VALUE) {
            nanos = Math.min(nanos, deadlineNanos - System.nanoTime());
        }
        Duration scope = Cancellation.remaining().orElse(null);
        if (scope != null) {
            nanos = Math.min(nanos, scope.toNanos());
        }
        if (nanos == Long.MAX_VALUE) {
            return 0;
        }
        // Rounded up, so that the socket never gives up before the limit; 0 would mean "forever", so an
        // expired limit still gets one millisecond to fail.
        return (int) Math.clamp((nanos + 999_999) / 1_000_000, 1, Integer.MAX_VALUE);
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing a broken socket can fail; there is nothing left to release
        }
    }
}
