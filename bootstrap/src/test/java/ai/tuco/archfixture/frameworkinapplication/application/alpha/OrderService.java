package ai.tuco.archfixture.frameworkinapplication.application.alpha;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Breaks: an application class using a framework (Jackson). */
public final class OrderService {
    public String json(ObjectMapper mapper) throws Exception {
        return mapper.writeValueAsString(this);
    }
}
