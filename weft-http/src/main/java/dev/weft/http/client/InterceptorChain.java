package dev.weft.http.client;

import java.util.List;
import java.util.Objects;

/**
 * One position in a list of {@link Interceptor}s, ending in the step that really sends. It carries the
 * call's deadline ({@link System#nanoTime()}, {@link Long#MAX_VALUE} for none), which the built-in
 * redirect step sets and the sending step honours. For network interceptors it checks that each one
 * calls {@link #proceed} exactly once. Not thread-safe: used by one call.
 */
final class InterceptorChain implements Interceptor.Chain {
    /** What runs after the last interceptor. */
    @FunctionalInterface
    interface Terminal {
        ClientResponse send(ClientRequest request, long deadlineNanos);
    }

    private final List<Interceptor> interceptors;
    private final int index;
    private final ClientRequest request;
    private final Terminal terminal;
    private final boolean network;
    private final long deadlineNanos;
    private int calls;

    private InterceptorChain(List<Interceptor> interceptors, int index, ClientRequest request, Terminal terminal,
                             boolean network, long deadlineNanos) {
        this.interceptors = interceptors;
        this.index = index;
        this.request = request;
        this.terminal = terminal;
        this.network = network;
        this.deadlineNanos = deadlineNanos;
    }

    /** Runs {@code request} through {@code interceptors}, then {@code terminal}. */
    static ClientResponse run(List<Interceptor> interceptors, ClientRequest request, Terminal terminal,
                              boolean network, long deadlineNanos) {
        if (interceptors.isEmpty()) {
            return terminal.send(request, deadlineNanos);
        }
        return new InterceptorChain(interceptors, 0, request, terminal, network, deadlineNanos).invoke();
    }

    /** The chain a built-in step was given; built-in steps only run in chains made here. */
    static InterceptorChain of(Interceptor.Chain chain) {
        return (InterceptorChain) chain;
    }

    @Override
    public ClientRequest request() {
        return request;
    }

    /** The deadline of the call, {@link Long#MAX_VALUE} when none is set yet. */
    long deadlineNanos() {
        return deadlineNanos;
    }

    @Override
    public ClientResponse proceed(ClientRequest next) {
        return proceed(next, deadlineNanos);
    }

    /** {@link #proceed(ClientRequest)} with the rest of the chain bound by {@code deadline}. */
    ClientResponse proceed(ClientRequest next, long deadline) {
        Objects.requireNonNull(next, "request");
        calls++;
        if (network && calls > 1) {
            throw new IllegalStateException("network interceptor " + interceptors.get(index - 1)
                    + " must call proceed() exactly once");
        }
        if (index == interceptors.size()) {
            return terminal.send(next, deadline);
        }
        return new InterceptorChain(interceptors, index, next, terminal, network, deadline).invoke();
    }

    /** Calls the interceptor at this position with the chain after it. */
    private ClientResponse invoke() {
        Interceptor interceptor = interceptors.get(index);
        InterceptorChain rest = new InterceptorChain(interceptors, index + 1, request, terminal, network, deadlineNanos);
        ClientResponse response = interceptor.intercept(rest);
        if (network && rest.calls != 1) {
            if (response != null) {
                response.close();
            }
            throw new IllegalStateException("network interceptor " + interceptor + " must call proceed() exactly once");
        }
        if (response == null) {
            throw new IllegalStateException("interceptor " + interceptor + " returned no response");
        }
        return response;
    }
}
