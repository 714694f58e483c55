package ai.tuco.archfixture.base64inapplication.application.alpha;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Breaks: an encoded wire form decoded in the application. */
public final class CursorService {
    public String decode(String cursor) {
        return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    }
}
