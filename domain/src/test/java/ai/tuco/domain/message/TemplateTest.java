package ai.tuco.domain.message;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tuco.domain.lead.Lead;
import ai.tuco.domain.message.RenderResult.MissingField;
import ai.tuco.domain.message.RenderResult.Rendered;
import ai.tuco.domain.shared.E164Phone;
import ai.tuco.domain.shared.EmailAddress;
import ai.tuco.domain.shared.LeadId;
import ai.tuco.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateTest {
    private static final Map<String, String> ADA = Map.of(
            "firstName", "Ada", "lastName", "Lovelace", "customFields.plan", "gold", "companyName", "  ");

    private static RenderResult render(String template, Map<String, String> values) {
        return Template.parse(template).render(values);
    }

    @Test
    void givenTextWithoutPlaceholders_renderLeavesItUntouched() {
        assertThat(render("Hello there, how are you?", Map.of())).isEqualTo(new Rendered("Hello there, how are you?"));
    }

    @Test
    void givenPlaceholder_renderSubstitutesTheLeadsValue() {
        assertThat(render("Hey {{firstName}} {{lastName}}!", ADA)).isEqualTo(new Rendered("Hey Ada Lovelace!"));
    }

    @Test
    void givenWhitespaceInsideBraces_placeholderIsStillRecognised() {
        assertThat(render("Hey {{ firstName }}, {{\tcustomFields.plan\n}}", ADA)).isEqualTo(new Rendered("Hey Ada, gold"));
    }

    @Test
    void givenMissingFieldWithFallback_renderUsesTheFallback() {
        assertThat(render("Hey {{jobTitle|friend}}", ADA)).isEqualTo(new Rendered("Hey friend"));
    }

    @Test
    void givenBlankFieldWithFallback_renderUsesTheFallback() {
        assertThat(render("At {{companyName|your company}}", ADA)).isEqualTo(new Rendered("At your company"));
    }

    @Test
    void givenFallbackWithSurroundingWhitespace_renderStripsIt() {
        assertThat(render("Hey {{ jobTitle | there }}!", ADA)).isEqualTo(new Rendered("Hey there!"));
    }

    @Test
    void givenEmptyFallback_renderWritesNothingForAMissingField() {
        assertThat(render("Hey{{jobTitle|}}!", ADA)).isEqualTo(new Rendered("Hey!"));
    }

    @Test
    void givenPresentFieldWithFallback_renderUsesTheValue() {
        assertThat(render("Hey {{firstName|friend}}", ADA)).isEqualTo(new Rendered("Hey Ada"));
    }

    @Test
    void givenMissingFieldWithoutFallback_renderNamesTheFirstMissingField() {
        RenderResult result = render("Hey {{firstName}} from {{companyName}} ({{jobTitle}})", ADA);

        assertThat(result).isEqualTo(new MissingField("companyName"));
        assertThat(((MissingField) result).errorMessage()).contains("companyName");
        assertThat(MissingField.ERROR_CODE).isEqualTo("TEMPLATE_FIELD_MISSING");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
        "a { b } c", "unclosed {{ firstName", "{{}}", "{{ }}", "{{|x}}", "}}{{", "{{{}}}", "{ {firstName} }",
        "{{first{Name}}", "price: {{", "json {\"a\":{\"b\":1}}"})
    void givenBracesThatAreNotAPlaceholder_renderLeavesThemUntouched(String text) {
        Template template = Template.parse(text);

        assertThat(template.fields()).isEmpty();
        assertThat(template.render(ADA)).isEqualTo(new Rendered(text));
    }

    @Test
    void givenTripleBraces_theInnerPlaceholderIsRenderedAndTheOuterBracesKept() {
        assertThat(render("{{{firstName}}}", ADA)).isEqualTo(new Rendered("{Ada}"));
    }

    @Test
    void givenValueThatLooksLikeAPlaceholder_renderDoesNotExpandItAgain() {
        assertThat(render("Hi {{firstName}}", Map.of("firstName", "{{lastName}}"))).isEqualTo(new Rendered("Hi {{lastName}}"));
    }

    @Test
    void givenUnknownFields_parseListsEachOnceInOrder() {
        Template template = Template.parse("{{nickname}} {{firstName}} {{FirstName|x}} {{nickname}} {{customFields.a.b}}");

        assertThat(template.fields()).containsExactly("nickname", "firstName", "FirstName", "customFields.a.b");
        assertThat(template.unknownFields()).containsExactly("nickname", "FirstName", "customFields.a.b");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"firstName", "lastName", "fullName", "email", "phone", "companyName", "jobTitle",
        "customFields.plan", "customFields.Plan_2", "customFields.renewal-date"})
    void givenKnownField_itIsNotReported(String field) {
        assertThat(TemplateFields.isKnown(field)).isTrue();
        assertThat(Template.parse("{{" + field + "}}").unknownFields()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"firstname", "customFields.", "customFields", "customFields.a.b", "customFields.a b",
        "custom.plan", "first Name", "notes"})
    void givenUnknownField_itIsReported(String field) {
        assertThat(TemplateFields.isKnown(field)).isFalse();
        assertThat(Template.parse("{{" + field + "|x}}").unknownFields()).containsExactly(field);
    }

    @Test
    void templatesWithTheSameText_areEqual() {
        assertThat(Template.parse("Hi {{firstName}}")).isEqualTo(Template.parse("Hi {{firstName}}"));
        assertThat(Template.parse("Hi {{firstName}}").text()).isEqualTo("Hi {{firstName}}");
    }

    @Test
    void valuesOfLead_giveEveryStandardFieldAndTheNameableCustomFields() {
        Lead lead = new Lead(new LeadId("0123456789abcdef01234567"), new WorkspaceId("0123456789abcdef01234568"),
                "Ada", "Lovelace", Optional.of(new E164Phone("+15551234567")),
                Optional.of(new EmailAddress("ada@example.com")), List.of(), List.of(), "Analytical", "Engineer",
                "", Map.of("plan", "gold", "bad key", "x"), Optional.empty(), "api",
                Instant.EPOCH, Instant.EPOCH);

        Map<String, String> values = TemplateFields.valuesOf(lead);

        assertThat(values).containsEntry("fullName", "Ada Lovelace")
                .containsEntry("phone", "+15551234567")
                .containsEntry("email", "ada@example.com")
                .containsEntry("companyName", "Analytical")
                .containsEntry("jobTitle", "Engineer")
                .containsEntry("customFields.plan", "gold")
                .doesNotContainKey("customFields.bad key");
        assertThat(Template.parse("{{fullName}} <{{email}}> on {{customFields.plan}}").render(values))
                .isEqualTo(new Rendered("Ada Lovelace <ada@example.com> on gold"));
    }

    @Test
    void valuesOfLead_withOnlyALastName_giveAFullNameWithoutStraySpace() {
        Lead lead = new Lead(new LeadId("0123456789abcdef01234567"), new WorkspaceId("0123456789abcdef01234568"),
                "", "Lovelace", Optional.empty(), Optional.empty(), List.of(), List.of(), "", "", "", Map.of(),
                Optional.empty(), "api", Instant.EPOCH, Instant.EPOCH);

        Map<String, String> values = TemplateFields.valuesOf(lead);

        assertThat(values).containsEntry("fullName", "Lovelace").containsEntry("phone", "").containsEntry("email", "");
        assertThat(Template.parse("Hey {{firstName|there}}").render(values)).isEqualTo(new Rendered("Hey there"));
    }
}
