package dev.jobpool.security;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The session cookie in the OpenAPI spec: a second way to call every operation besides the bearer credential, and
 * sign-in open to every caller.
 */
@Component
class SessionOpenApi implements OpenApiCustomizer {

    static final String COOKIE_AUTH = "cookieAuth";

    @Override
    public void customise(io.swagger.v3.oas.models.OpenAPI api) {
        api.getComponents().addSecuritySchemes(COOKIE_AUTH, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.COOKIE).name(Sessions.COOKIE)
                .description("The web dashboard's session, from POST " + SessionController.PATH + " (HttpOnly: a browser "
                        + "sends it by itself). A POST, PUT, PATCH or DELETE with it must carry the session's csrfToken as the "
                        + Sessions.CSRF_HEADER + " header, or it is refused with 403"));
        api.addSecurityItem(new SecurityRequirement().addList(COOKIE_AUTH));
        PathItem session = api.getPaths() == null ? null : api.getPaths().get(SessionController.PATH);
        Operation signIn = session == null ? null : session.getPost();
        if (signIn != null) {
            signIn.setSecurity(List.of()); // how a caller without a credential gets one
        }
    }
}
