package dev.weft.examples.users;

import dev.weft.http.server.NotFound;
import dev.weft.http.server.Request;
import dev.weft.http.server.Response;
import dev.weft.http.server.WebApp;
import java.util.function.Supplier;

/**
 * The users REST API on the aiohttp-level router, with plain JSON: list, read, create, replace and
 * delete. Errors become {@code application/problem+json} through the app's error middleware: 400 for
 * a malformed or invalid body, 404 for an unknown id, 409 for a taken e-mail address.
 *
 * {@snippet :
 * WebApp app = WebApp.create().use(Middlewares.errors());
 * UsersApi.mount(app, () -> store);
 * }
 */
public final class UsersApi {
    private final Supplier<UserStore> store;

    private UsersApi(Supplier<UserStore> store) {
        this.store = store;
    }

    /**
     * Adds the routes to {@code app}. The store is looked up per request, so it may be opened by a
     * startup hook after the routes are declared.
     */
    public static WebApp mount(WebApp app, Supplier<UserStore> store) {
        var api = new UsersApi(store);
        return app
                .get("/users", api::list)
                .post("/users", api::create)
                .get("/users/{id:\\d+}", api::get)
                .put("/users/{id:\\d+}", api::replace)
                .delete("/users/{id:\\d+}", api::delete);
    }

    private Response list(Request request) {
        return Response.json(store.get().all());
    }

    private Response get(Request request) {
        long id = request.pathParamLong("id");
        return Response.json(store.get().find(id).orElseThrow(() -> noSuchUser(id)));
    }

    private Response create(Request request) {
        User created = store.get().create(request.json(UserInput.class).validated());
        return Response.json(201, created).header("Location", "/users/" + created.id());
    }

    private Response replace(Request request) {
        long id = request.pathParamLong("id");
        UserInput input = request.json(UserInput.class).validated();
        return Response.json(store.get().update(id, input).orElseThrow(() -> noSuchUser(id)));
    }

    private Response delete(Request request) {
        long id = request.pathParamLong("id");
        if (!store.get().delete(id)) {
            throw noSuchUser(id);
        }
        return Response.noContent();
    }

    private static NotFound noSuchUser(long id) {
        return new NotFound("no user with id " + id);
    }
}
