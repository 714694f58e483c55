package ai.tuco.adapters.http.reply;

import ai.tuco.adapters.http.RouteGroup;
import ai.tuco.application.reply.port.in.UnsubscribeUseCase;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code /unsubscribe/{token}}, the link in every email's {@code List-Unsubscribe} header (RFC 8058). {@code POST} is the
 * one-click unsubscribe a mail client sends ({@code List-Unsubscribe=One-Click}, any body is accepted) and lists the
 * recipient's email; {@code GET} (a person following the link, or a mail scanner prefetching it) changes nothing and
 * shows a page whose button POSTs. A forged token is 404 on both. No credential: the signed token is the authority.
 */
public final class UnsubscribeRoutes implements RouteGroup {
    private final UnsubscribeUseCase unsubscribe;

    public UnsubscribeRoutes(UnsubscribeUseCase unsubscribe) {
        this.unsubscribe = unsubscribe;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/unsubscribe/{token}", ctx -> {
            Optional<String> address = unsubscribe.preview(ctx.pathParam("token"));
            if (address.isEmpty()) {
                html(ctx, 404, page("Link not found", "<p>This unsubscribe link is not valid.</p>"));
                return;
            }
            html(ctx, 200, page("Unsubscribe", "<p>Stop emails to <strong>" + escape(address.get()) + "</strong>?</p>"
                    + "<form method=\"post\"><button type=\"submit\">Unsubscribe</button></form>"));
        });
        routes.post("/unsubscribe/{token}", ctx -> {
            if (!unsubscribe.unsubscribe(ctx.pathParam("token"))) {
                html(ctx, 404, page("Link not found", "<p>This unsubscribe link is not valid.</p>"));
                return;
            }
            html(ctx, 200, page("Unsubscribed", "<p>You are unsubscribed: no more emails will be sent to this address.</p>"));
        });
    }

    private static void html(Context ctx, int status, String body) {
        ctx.status(status);
        ctx.header("Cache-Control", "no-store");
        ctx.header("Content-Security-Policy", "default-src 'none'; form-action 'self'; style-src 'unsafe-inline'");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String page(String title, String content) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width\"><meta name=\"robots\" content=\"noindex\"><title>" + title + "</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}"
                + "button{font-size:1rem;padding:.5rem 1rem}</style></head><body><h1>" + title + "</h1>" + content
                + "</body></html>";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
