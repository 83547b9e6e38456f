package dev.weft.pg.connection;

import dev.weft.pg.ChannelBinding;
import dev.weft.pg.PgConnectOptions;
import dev.weft.pg.PgException;
import dev.weft.pg.PgProtocolException;
import dev.weft.pg.ServerMessage;
import dev.weft.pg.codec.WriteBuffer;
import dev.weft.pg.protocol.BackendMessage;
import dev.weft.pg.protocol.BackendMessage.*;
import dev.weft.pg.protocol.FrontendMessages;
import dev.weft.pg.protocol.Md5Password;
import dev.weft.pg.protocol.ScramClient;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The startup phase of a session: StartupMessage, authentication (cleartext, MD5, SCRAM-SHA-256 and
 * SCRAM-SHA-256-PLUS), then parameter statuses and the backend key until the first ReadyForQuery.
 * Runs on the connecting thread before the reader thread exists. Error messages never hold the password.
 */
final class Startup {
    /** What the startup phase learnt. */
    record Result(int processId, int secretKey, Map<String, String> parameters, String authMechanism) {
    }

    private final PgConnectOptions options;
    private final String password;
    private final byte[] channelBinding;
    private final boolean tls;

    /**
     * @param password       the password to use, or null
     * @param channelBinding the server certificate hash for SCRAM-SHA-256-PLUS, or null without TLS (or without a usable hash)
     * @param tls            whether the socket is encrypted
     */
    Startup(PgConnectOptions options, String password, byte[] channelBinding, boolean tls) {
        this.options = options;
        this.password = password;
        this.channelBinding = channelBinding;
        this.tls = tls;
    }

    Result run(BackendReader in, OutputStream out) throws IOException {
        var buffer = new WriteBuffer(512);
        FrontendMessages.startup(buffer, startupParameters());
        send(out, buffer);
        var parameters = new HashMap<String, String>();
        int processId = 0;
        int secretKey = 0;
        String mechanism = "trust";
        ScramClient scram = null;
        while (true) {
            BackendMessage message = in.read();
            switch (message) {
                case Authentication auth -> {
                    switch (auth.code()) {
                        case Authentication.OK -> {
                            // A server that skips SCRAM's final message would never have proved it knows the verifier.
                            if (scram != null && !scram.serverVerified()) {
                                throw authError("server ended SCRAM authentication without proving it knows the password");
                            }
                            if (options.channelBinding() == ChannelBinding.REQUIRE && !ScramClient.SCRAM_SHA_256_PLUS.equals(mechanism)) {
                                throw authError("channel_binding=require but the server authenticated the session with "
                                        + mechanism + ", not SCRAM-SHA-256-PLUS");
                            }
                        }
                        case Authentication.CLEARTEXT -> {
                            mechanism = "password";
                            FrontendMessages.password(buffer, requirePassword(mechanism));
                            send(out, buffer);
                        }
                        case Authentication.MD5 -> {
                            mechanism = "md5";
                            FrontendMessages.password(buffer, Md5Password.response(options.user(), requirePassword(mechanism), auth.data()));
                            send(out, buffer);
                        }
                        case Authentication.SASL -> {
                            List<String> offered = mechanisms(auth.data());
                            boolean canBind = channelBinding != null && options.channelBinding() != ChannelBinding.DISABLE;
                            boolean plus = canBind && offered.contains(ScramClient.SCRAM_SHA_256_PLUS);
                            if (!plus && options.channelBinding() == ChannelBinding.REQUIRE) {
                                throw authError("channel_binding=require but " + (channelBinding == null
                                        ? "the connection is not TLS (or the certificate allows no binding)"
                                        : "the server does not offer SCRAM-SHA-256-PLUS"));
                            }
                            if (!plus && !offered.contains(ScramClient.SCRAM_SHA_256)) {
                                throw authError("server offers no supported SASL mechanism: " + offered);
                            }
                            // "y" tells the server we could bind but it did not offer to; "n" when it did but we cannot.
                            boolean saysY = canBind && tls && !offered.contains(ScramClient.SCRAM_SHA_256_PLUS);
                            scram = new ScramClient(requirePassword("SCRAM"), plus ? channelBinding : null, saysY);
                            mechanism = scram.mechanism();
                            FrontendMessages.saslInitialResponse(buffer, mechanism, scram.clientFirst());
                            send(out, buffer);
                        }
                        case Authentication.SASL_CONTINUE -> {
                            FrontendMessages.saslResponse(buffer, requireScram(scram).clientFinal(auth.data()));
                            send(out, buffer);
                        }
                        case Authentication.SASL_FINAL -> requireScram(scram).verifyServerFinal(auth.data());
                        default -> throw authError("unsupported authentication method (code " + auth.code()
                                + "); Weft supports trust, password, md5 and scram-sha-256");
                    }
                }
                case ParameterStatus status -> parameters.put(status.name(), status.value());
                case BackendKeyData key -> {
                    processId = key.processId();
                    secretKey = key.secretKey();
                }
                case ErrorResponse error -> throw PgException.of(new ServerMessage(error.fields()));
                case NoticeResponse ignored -> { }
                case NegotiateProtocolVersion ignored -> { }
                case ReadyForQuery ignored -> {
                    return new Result(processId, secretKey, parameters, mechanism);
                }
                default -> throw new PgProtocolException("unexpected " + message.getClass().getSimpleName() + " during startup");
            }
        }
    }

    private Map<String, String> startupParameters() {
        var p = new LinkedHashMap<String, String>();
        p.put("user", options.user());
        p.put("database", options.database());
        p.put("client_encoding", "UTF8");
        p.put("DateStyle", "ISO, MDY");
        if (options.applicationName() != null) {
            p.put("application_name", options.applicationName());
        }
        if (options.options() != null) {
            p.put("options", options.options());
        }
        p.putAll(options.serverSettings());
        return p;
    }

    private String requirePassword(String method) {
        if (password == null) {
            throw authError("server asks for " + method + " authentication of user \"" + options.user()
                    + "\" but no password was given (password option, PGPASSWORD or ~/.pgpass)");
        }
        return password;
    }

    private static ScramClient requireScram(ScramClient scram) {
        if (scram == null) {
            throw new PgProtocolException("SASL continuation before SASL start");
        }
        return scram;
    }

    private static List<String> mechanisms(byte[] data) {
        var names = new ArrayList<String>();
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == 0) {
                if (i > start) {
                    names.add(new String(data, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return names;
    }

    private static PgException authError(String message) {
        return PgException.of(ServerMessage.client("28000", message));
    }

    private static void send(OutputStream out, WriteBuffer buffer) throws IOException {
        out.write(buffer.array(), 0, buffer.position());
        out.flush();
        buffer.clear();
    }
}
