package dev.weft.http.client;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One position in a list of {@link Interceptor}s, ending in the step that really sends. For network
 * interceptors it checks that each one calls {@link #proceed} exactly once.
 */
final class InterceptorChain implements Interceptor.Chain {
    private final List<Interceptor> interceptors;
    private final int index;
    private final ClientRequest request;
    private final Function<ClientRequest, ClientResponse> terminal;
    private final boolean network;
    private int calls;

    private InterceptorChain(List<Interceptor> interceptors, int index, ClientRequest request,
                             Function<ClientRequest, ClientResponse> terminal, boolean network) {
        this.interceptors = interceptors;
        this.index = index;
        this.request = request;
        this.terminal = terminal;
        this.network = network;
    }

    /** Runs {@code request} through {@code interceptors}, then {@code terminal}. */
    static ClientResponse run(List<Interceptor> interceptors, ClientRequest request,
                              Function<ClientRequest, ClientResponse> terminal, boolean network) {
        if (interceptors.isEmpty()) {
            return terminal.apply(request);
        }
        return new InterceptorChain(interceptors, 0, request, terminal, network).invoke();
    }

    @Override
    public ClientRequest request() {
        return request;
    }

    @Override
    public ClientResponse proceed(ClientRequest next) {
        Objects.requireNonNull(next, "request");
        calls++;
        if (network && calls > 1) {
            throw new IllegalStateException("network interceptor " + interceptors.get(index - 1)
                    + " must call proceed() exactly once");
        }
        if (index == interceptors.size()) {
            return terminal.apply(next);
        }
        return new InterceptorChain(interceptors, index, next, terminal, network).invoke();
    }

    /** Calls the interceptor at this position with the chain after it. */
    private ClientResponse invoke() {
        Interceptor interceptor = interceptors.get(index);
        InterceptorChain rest = new InterceptorChain(interceptors, index + 1, request, terminal, network);
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
