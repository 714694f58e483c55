package ai.tuco.archfixture.frameworkindomain.domain;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Breaks: a domain class using a framework (Jackson). */
public final class Order {
    public String json(ObjectMapper mapper) throws Exception {
        return mapper.writeValueAsString(this);
    }
}
