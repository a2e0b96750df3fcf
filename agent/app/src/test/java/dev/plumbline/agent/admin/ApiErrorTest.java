package dev.plumbline.agent.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.http.HttpResponseException;
import io.javalin.http.NotFoundResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every failure a handler can meet becomes an answer with a status, a stable reason and a sentence. */
class ApiErrorTest {

    @Test
    void refusalsStayAsTheyAreAndTheHttpLayersAnswersGetTheApisWords() {
        ApiError conflict = ApiError.conflict("Paused", "stack 'web' is paused");
        assertThat(ApiError.of(conflict, "POST", "/p")).isSameAs(conflict);
        assertThat(ApiError.of(new NotFoundResponse(), "GET", "/nope")).extracting(ApiError::status,
                ApiError::reason, ApiError::getMessage)
                .containsExactly(404, "NotFound", "there is no endpoint GET /nope");
        assertThat(ApiError.of(new HttpResponseException(405, "Method Not Allowed", Map.of("availableMethods", "POST")),
                "GET", "/api/v1/stacks/web/sync").getMessage())
                .isEqualTo("there is no endpoint GET /api/v1/stacks/web/sync; the path takes POST");
        assertThat(ApiError.of(new HttpResponseException(413, "Content Too Large"), "POST", "/x").reason())
                .isEqualTo("TooLarge");
    }

    @Test
    void anythingUnexpectedIsAnInternalErrorThatRepeatsNothingOfIt() {
        ApiError error = ApiError.of(new IllegalStateException("secret detail"), "GET", "/api/v1/stacks");

        assertThat(error.status()).isEqualTo(500);
        assertThat(error.reason()).isEqualTo("InternalError");
        assertThat(error.getMessage()).isEqualTo("the agent failed to answer (IllegalStateException); its log says"
                + " more");
    }

    @Test
    void aLongPathIsClippedInTheMessage() {
        ApiError error = ApiError.of(new NotFoundResponse(), "GET", "/" + "a".repeat(5000));

        assertThat(error.getMessage()).hasSizeLessThan(250).endsWith("…(4801 more)");
    }
}
