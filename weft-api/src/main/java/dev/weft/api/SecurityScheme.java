package dev.weft.api;

import dev.weft.http.server.Request;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A way of sending credentials (FastAPI's {@code HTTPBearer}, {@code HTTPBasic}, {@code APIKeyHeader}...):
 * registered with {@link Api.Builder#security}, it provides its credential type ({@link BearerToken},
 * {@link BasicCredentials}, {@link ApiKey}) to any handler or provider that declares it, answers 401 with
 * a {@code WWW-Authenticate} challenge when they are missing or malformed (an {@code Optional} parameter
 * makes them optional), and appears in the OpenAPI document, so Swagger UI's "Authorize" sends them.
 * Checking the credentials themselves is the job of the provider that takes them. Immutable.
 *
 * {@snippet :
 * Api.builder()
 *     .security(SecurityScheme.bearer("token"))
 *     .security(SecurityScheme.apiKey("key", "header", "X-API-Key"))
 *     .controller(new ReportsApi());
 * }
 */
public final class SecurityScheme {
    private final String name;
    private final String kind;
    private final String in;
    private final String parameter;
    /** The realm for basic, the token URL for OAuth2. */
    private final String realmOrTokenUrl;

    private SecurityScheme(String name, String kind, String in, String parameter, String realmOrTokenUrl) {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("scheme name must be letters, digits, '.', '_' or '-': " + name);
        }
        this.name = name;
        this.kind = kind;
        this.in = in;
        this.parameter = parameter;
        this.realmOrTokenUrl = realmOrTokenUrl;
    }

    /** {@code Authorization: Bearer <token>}, providing {@link BearerToken}. */
    public static SecurityScheme bearer(String name) {
        return new SecurityScheme(name, "bearer", "header", "Authorization", null);
    }

    /**
     * OAuth2's password flow (FastAPI's {@code OAuth2PasswordBearer}): a bearer token, providing
     * {@link BearerToken}, that Swagger UI's "Authorize" obtains by posting a form with
     * {@code username} and {@code password} to {@code tokenUrl}, an operation of the app (take the form
     * with {@code @Form} parameters or a {@code @Form} record, answer {@code {"access_token": ..,
     * "token_type": "bearer"}}).
     */
    public static SecurityScheme oauth2Password(String name, String tokenUrl) {
        return new SecurityScheme(name, "oauth2", "header", "Authorization", Objects.requireNonNull(tokenUrl, "tokenUrl"));
    }

    /** {@code Authorization: Basic <base64(user:password)>}, providing {@link BasicCredentials}. */
    public static SecurityScheme basic(String name, String realm) {
        if (realm.indexOf('"') >= 0 || realm.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("realm may not hold quotes or backslashes: " + realm);
        }
        return new SecurityScheme(name, "basic", "header", "Authorization", realm);
    }

    /** An API key in {@code in} ({@code header}, {@code query} or {@code cookie}) named {@code parameter}, providing {@link ApiKey}. */
    public static SecurityScheme apiKey(String name, String in, String parameter) {
        if (!in.equals("header") && !in.equals("query") && !in.equals("cookie")) {
            throw new IllegalArgumentException("an API key goes in header, query or cookie, not " + in);
        }
        return new SecurityScheme(name, "apiKey", in, Objects.requireNonNull(parameter, "parameter"), null);
    }

    /** The scheme's name in the OpenAPI document. */
    public String name() {
        return name;
    }

    /** The credential type it provides. */
    Class<?> credentialType() {
        return switch (kind) {
            case "bearer", "oauth2" -> BearerToken.class;
            case "basic" -> BasicCredentials.class;
            default -> ApiKey.class;
        };
    }

    /** The credentials sent with {@code request}; throws {@link NotAuthenticated} when there are none. */
    Object credentials(Request request) {
        String value = switch (in) {
            case "query" -> request.queryParam(parameter);
            case "cookie" -> request.cookie(parameter);
            default -> request.header(parameter);
        };
        if (value == null || value.isBlank()) {
            throw new NotAuthenticated("Not authenticated", challenge());
        }
        return switch (kind) {
            case "bearer", "oauth2" -> new BearerToken(afterScheme(value, "Bearer"));
            case "basic" -> basic(afterScheme(value, "Basic"));
            default -> new ApiKey(value);
        };
    }

    private String afterScheme(String authorization, String scheme) {
        int space = authorization.indexOf(' ');
        if (space < 0 || !authorization.substring(0, space).equalsIgnoreCase(scheme)
                || authorization.substring(space + 1).isBlank()) {
            throw new NotAuthenticated("Not authenticated", challenge());
        }
        return authorization.substring(space + 1).strip();
    }

    private BasicCredentials basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new NotAuthenticated("Invalid authentication credentials", challenge());
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new NotAuthenticated("Invalid authentication credentials", challenge());
        }
        return new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private String challenge() {
        return switch (kind) {
            case "bearer", "oauth2" -> "Bearer";
            case "basic" -> "Basic realm=\"" + realmOrTokenUrl + "\"";
            default -> "APIKey";
        };
    }

    /** The OpenAPI Security Scheme Object. */
    Map<String, Object> openApi() {
        var scheme = new LinkedHashMap<String, Object>();
        if (kind.equals("oauth2")) {
            scheme.put("type", "oauth2");
            var password = new LinkedHashMap<String, Object>();
            password.put("tokenUrl", realmOrTokenUrl);
            password.put("scopes", Map.of());
            scheme.put("flows", Map.of("password", password));
        } else if (kind.equals("apiKey")) {
            scheme.put("type", "apiKey");
            scheme.put("in", in);
            scheme.put("name", parameter);
        } else {
            scheme.put("type", "http");
            scheme.put("scheme", kind);
        }
        return scheme;
    }
}
