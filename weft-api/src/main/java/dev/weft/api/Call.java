package dev.weft.api;

import dev.weft.http.server.Request;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The state of one request in an endpoint: errors found while binding, the dependency values made
 * for it, their clean-ups and the background tasks. Lives on the request's thread only.
 */
final class Call implements RequestScope {
    private static final Object RESOLVING = new Object();
    private final Request request;
    private final Map<Class<?>, Dependency> dependencies;
    final List<ValidationError> errors = new ArrayList<>(0);
    private Map<Dependency, Object> values;
    private List<Cleanup> cleanups;
    private BackgroundTasks background;

    Call(Request request, Map<Class<?>, Dependency> dependencies) {
        this.request = request;
        this.dependencies = dependencies;
    }

    @Override
    public Request request() {
        return request;
    }

    @Override
    public <T> T get(Class<T> type) {
        Dependency dependency = dependencies.get(type);
        if (dependency == null) {
            throw new IllegalArgumentException("no provider for " + type.getName());
        }
        Object value = resolve(dependency);
        if (value == null) {
            throw new IllegalStateException("dependency " + type.getName() + " could not be made: " + errors);
        }
        return type.cast(value);
    }

    /** The value of {@code dependency} for this request, made on first use; null when binding its inputs failed. */
    Object resolve(Dependency dependency) {
        if (values == null) {
            values = new IdentityHashMap<>(4); // made on first use: most endpoints have no dependency
        }
        Object value = values.get(dependency);
        if (value == RESOLVING) {
            throw new IllegalStateException("dependency cycle through " + dependency.type().getName());
        }
        if (value != null || values.containsKey(dependency)) {
            return value;
        }
        values.put(dependency, RESOLVING);
        try {
            value = dependency.produce(this);
        } catch (RuntimeException e) {
            values.remove(dependency);
            throw e;
        } catch (Exception e) {
            values.remove(dependency);
            throw new DependencyFailed(dependency.type(), e);
        }
        values.put(dependency, value);
        return value;
    }

    @Override
    public void onClose(Cleanup cleanup) {
        if (cleanups == null) {
            cleanups = new ArrayList<>(2);
        }
        cleanups.add(Objects.requireNonNull(cleanup, "cleanup"));
    }

    /** This request's background tasks, made on first use. */
    BackgroundTasks background() {
        if (background == null) {
            background = new BackgroundTasks();
        }
        return background;
    }

    /** The background tasks added, or null. */
    BackgroundTasks backgroundIfAny() {
        return background;
    }

    /**
     * Runs the clean-ups in reverse order, every one of them, telling each how the request ended;
     * returns the failure to report: {@code failure}, or the first clean-up failure (later ones suppressed).
     */
    Throwable close(Throwable failure) {
        if (cleanups == null) {
            return failure;
        }
        Throwable outcome = failure;
        for (int i = cleanups.size() - 1; i >= 0; i--) {
            try {
                cleanups.get(i).close(outcome);
            } catch (Throwable t) {
                if (outcome == null) {
                    outcome = t;
                } else if (outcome != t) {
                    outcome.addSuppressed(t);
                }
            }
        }
        return outcome;
    }
}
