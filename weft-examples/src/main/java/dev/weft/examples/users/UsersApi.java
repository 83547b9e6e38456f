package dev.weft.examples.users;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.weft.api.Body;
import dev.weft.api.Default;
import dev.weft.api.Delete;
import dev.weft.api.Description;
import dev.weft.api.Get;
import dev.weft.api.Patch;
import dev.weft.api.Path;
import dev.weft.api.Post;
import dev.weft.api.Put;
import dev.weft.api.Query;
import dev.weft.http.server.NotFound;
import dev.weft.http.server.Response;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Optional;

/**
 * The users REST API as a weft-api controller: list (paginated, filtered by name, sorted), read, create,
 * replace, patch and delete. Each handler takes a {@link UserStore} on the request's transaction (see
 * {@link dev.weft.examples.db.Transactions}). Invalid input answers 422 naming each field, an unknown id
 * 404, a taken e-mail address 409 (both {@code application/problem+json} through weft-http). The handler
 * methods are package-private: weft-api reaches them by reflection, nothing else calls them. Stateless
 * and thread-safe.
 *
 * {@snippet :
 * Api.builder().providers(new Transactions(() -> pool))
 *         .provide(UserStore.class, scope -> new UserStore(scope.get(PgConnection.class)))
 *         .controller(new UsersApi())
 *         .mountOn(app);
 * }
 */
public final class UsersApi {
    static final int MAX_LIMIT = 100;
    static final int MAX_OFFSET = 1_000_000;
    // weft-http's own mapper does not know Optional; weft-api's is not public.
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new Jdk8Module()).build();

    /** A controller; it holds nothing, the store comes with each request. */
    public UsersApi() {
    }

    @Get(value = "/users", tags = "users", summary = "List users, a page at a time")
    List<User> list(
            @Query @Default("20") @Min(1) @Max(MAX_LIMIT) @Description("Most users to return") int limit,
            @Query @Default("0") @Min(0) @Max(MAX_OFFSET) @Description("Users to skip") int offset,
            @Query @Size(max = UserInput.MAX_NAME_LENGTH) @Pattern(regexp = UserInput.NO_NUL, message = UserInput.NUL_MESSAGE)
            @Description("Only users whose name contains this, ignoring case") Optional<String> name,
            @Query @Default("id") @Description("The column to sort by") UserSort sort,
            @Query @Default("asc") @Description("The sort direction") UserSort.Direction order,
            UserStore users) {
        return users.list(name, sort, order, limit, offset);
    }

    @Get(value = "/users/{id}", tags = "users", summary = "One user")
    User get(@Path long id, UserStore users) {
        return users.find(id).orElseThrow(() -> noSuchUser(id));
    }

    @Post(value = "/users", status = 201, response = User.class, tags = "users", summary = "Create a user")
    Response create(@Body UserInput body, UserStore users) throws JsonProcessingException {
        User created = users.create(body);
        return Response.bytes(JSON.writeValueAsBytes(created), "application/json").status(201)
                .header("Location", "/users/" + created.id());
    }

    @Put(value = "/users/{id}", tags = "users", summary = "Replace a user's fields")
    User replace(@Path long id, @Body UserInput body, UserStore users) {
        return users.replace(id, body).orElseThrow(() -> noSuchUser(id));
    }

    @Patch(value = "/users/{id}", tags = "users", summary = "Change some of a user's fields")
    User patch(@Path long id, @Body UserPatch body, UserStore users) {
        return users.patch(id, body).orElseThrow(() -> noSuchUser(id));
    }

    @Delete(value = "/users/{id}", tags = "users", summary = "Delete a user")
    void delete(@Path long id, UserStore users) {
        if (!users.delete(id)) {
            throw noSuchUser(id);
        }
    }

    private static NotFound noSuchUser(long id) {
        return new NotFound("no user with id " + id);
    }
}
