package dev.weft.api;

import dev.weft.core.CheckedRunnable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Work to run once the response has been sent (FastAPI's {@code BackgroundTasks}): a handler or provider
 * declares a parameter of this type and adds tasks. They start, each on its own virtual thread owned by
 * the API, once the handler has succeeded and its response has been written out to the client (a
 * handler that fails runs none; a client that went away mid-response does not stop them);
 * a failure is logged with the task's name; graceful shutdown waits for them up to
 * {@link Api.Builder#backgroundGrace}. One instance per request; not thread-safe.
 *
 * {@snippet :
 * @Post(value = "/users", status = 201)
 * User create(@Body NewUser body, BackgroundTasks background) {
 *     User user = users.insert(body);
 *     background.add("welcome mail", () -> mailer.welcome(user));
 *     return user;
 * }
 * }
 */
public final class BackgroundTasks {
    /** A named task. */
    record Entry(String name, CheckedRunnable task) {
    }

    private final List<Entry> tasks = new ArrayList<>(2);

    BackgroundTasks() {
    }

    /** Adds {@code task}, named {@code name} in logs and thread dumps. */
    public void add(String name, CheckedRunnable task) {
        tasks.add(new Entry(Objects.requireNonNull(name, "name"), Objects.requireNonNull(task, "task")));
    }

    /** The tasks added, in order. */
    List<Entry> tasks() {
        return tasks;
    }
}
