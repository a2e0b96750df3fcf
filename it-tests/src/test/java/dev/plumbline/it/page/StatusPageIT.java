package dev.plumbline.it.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.it.fixture.Operated;
import dev.plumbline.it.fixture.Scenario;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The status page in a real browser (headless Chromium) against a running agent with a real stack. A viewer
 * signs in, sees the stack, opens it, sees the diff of a hand edit of the live file, and no buttons; a POST
 * forged with the viewer's session is refused. An operator pauses, sees it paused, resumes, syncs and rolls back
 * to the first commit, which goes live. Both sign out. Screenshots of the overview and the stack page are saved
 * under {@code target/screenshots} (docs/ holds one of each).
 */
class StatusPageIT {

    @TempDir
    Path dir;

    @Test
    void aViewerLooksAndAnOperatorActs() throws Exception {
        Scenario scenario = Scenario.overFile(dir);
        scenario.writeOperatedConfig(Scenario.Options.defaults());
        String first = scenario.manifest("motd", "motd", "one").repo().commit("Say one");
        try (Operated agent = Operated.start(scenario); Browser browser = Browser.start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "one".equals(scenario.liveFile("motd")));
            String second = scenario.manifest("motd", "motd", "two").repo().commit("Say two");
            await().atMost(Duration.ofSeconds(30)).until(() -> "two".equals(scenario.liveFile("motd")));
            WebDriver driver = browser.driver();

            // a viewer: the stacks, the stack, the diff of a hand edit, no buttons
            browser.open(agent.url() + "/");
            assertThat(driver.getCurrentUrl()).endsWith("/login");
            signIn(browser, Operated.VIEWER);
            WebElement row = browser.waitFor(By.cssSelector("tr[data-stack='web']"));
            assertThat(row.findElement(By.cssSelector(".condition")).getText()).startsWith("ready");
            assertThat(row.findElement(By.cssSelector(".revision")).getText()).contains(second.substring(0, 7),
                    "Say two");
            assertThat(driver.findElement(By.id("who")).getText()).isEqualTo("dash (viewer)");
            assertThat(driver.getPageSource()).doesNotContain(Operated.VIEWER);
            assertThat(browser.cookie("plumbline_session")).hasValueSatisfying(cookie -> {
                assertThat(cookie.isHttpOnly()).isTrue();
                assertThat(cookie.getSameSite()).isEqualTo("Strict");
            });
            browser.screenshot("overview");
            browser.darkMode(true);
            assertThat(((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                    "return getComputedStyle(document.body).backgroundColor")).isEqualTo("rgb(20, 23, 29)");
            browser.screenshot("overview-dark");
            browser.darkMode(false);

            Files.writeString(scenario.live().resolve("motd"), "edited by hand");
            row.findElement(By.cssSelector(".name a")).click();
            browser.waitFor(By.id("stack-name"));
            WebElement drift = driver.findElement(By.id("drift"));
            assertThat(drift.getText()).contains("File motd", "spec.content");
            assertThat(drift.findElement(By.cssSelector("pre.diff")).getAttribute("textContent"))
                    .contains("-  content: edited by hand", "+  content: two");
            assertThat(driver.findElements(By.id("actions"))).isEmpty();
            assertThat(driver.findElements(By.cssSelector("form#pause, form#sync, form#rollback"))).isEmpty();
            String csrf = driver.findElement(By.cssSelector("form#logout input[name=csrf]")).getAttribute("value");
            Cookie session = browser.cookie("plumbline_session").orElseThrow();
            assertThat(forge(agent, session, csrf)).as("a viewer's POST").isEqualTo(403);
            signOut(browser);

            // an operator: pause, resume, sync, roll back
            signIn(browser, Operated.OPERATOR);
            browser.open(agent.url() + "/stacks/web");
            browser.waitFor(By.id("actions"));
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(Browser.WIDTH, 1500));
            browser.screenshot("stack"); // tall enough for the actions, the plan and the drift
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(Browser.WIDTH, Browser.HEIGHT));
            driver.findElement(By.cssSelector("form#pause button")).click();
            assertThat(browser.waitFor(By.id("flash")).getText()).startsWith("Paused");
            assertThat(driver.findElement(By.id("condition")).getText()).isEqualTo("paused");
            driver.findElement(By.cssSelector("form#resume button")).click();
            assertThat(browser.waitFor(By.id("flash")).getText()).startsWith("Resumed");
            assertThat(driver.findElement(By.id("condition")).getText()).isNotEqualTo("paused");
            await().atMost(Duration.ofSeconds(30)).until(() -> "two".equals(scenario.liveFile("motd")));

            driver.findElement(By.cssSelector("form#sync button")).click();
            assertThat(browser.waitFor(By.id("flash")).getText()).startsWith("Sync requested");

            driver.findElement(By.cssSelector("#rollback-revision option[value='" + first + "']")).click();
            driver.findElement(By.cssSelector("form#rollback input[name=confirm]")).click();
            driver.findElement(By.cssSelector("form#rollback button")).click();
            assertThat(browser.waitFor(By.id("flash")).getText()).startsWith("Rolled back: pinned to " + first);
            await().atMost(Duration.ofSeconds(30)).until(() -> "one".equals(scenario.liveFile("motd")));
            browser.open(agent.url() + "/stacks/web");
            assertThat(driver.findElement(By.cssSelector(".status .pin")).getText())
                    .isEqualTo("pinned to " + first.substring(0, 7));
            assertThat(driver.findElement(By.id("audit")).getText()).contains("ops", "rollback", "pause", "resume");

            signOut(browser);
            browser.open(agent.url() + "/stacks/web");
            assertThat(driver.getCurrentUrl()).endsWith("/login");
        }
    }

    private static void signIn(Browser browser, String token) {
        WebElement field = browser.waitFor(By.id("token"));
        field.sendKeys(token);
        browser.driver().findElement(By.cssSelector("form#login button")).click();
        browser.waitFor(By.id("stacks"));
        assertThat(browser.driver().getCurrentUrl()).doesNotContain(token);
    }

    private static void signOut(Browser browser) {
        browser.driver().findElement(By.cssSelector("form#logout button")).click();
        browser.waitFor(By.id("login"));
    }

    /** A resume posted outside the page with the session's cookie and a valid CSRF token: the status it gets. */
    private static int forge(Operated agent, Cookie session, String csrf) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(agent.url() + "/stacks/web/pause"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", session.getName() + "=" + session.getValue())
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8)))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
