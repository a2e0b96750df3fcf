package dev.plumbline.it.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * The browser toolchain works: Selenium drives a real headless Chromium (through Debian's chromedriver) against a
 * page served here, types into a labelled field, submits the form, reads what the server answered, and takes a
 * screenshot. Nothing here can pass without the browser running and rendering.
 */
class BrowserIT {

    private static final String FORM = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Greeter</title>
              <style>
                body { font: 18px sans-serif; margin: 2rem; background: #ffffff; color: #111111; }
                @media (prefers-color-scheme: dark) { body { background: #111111; color: #eeeeee; } }
              </style>
            </head>
            <body>
              <h1>Greeter</h1>
              <form method="post" action="/greet">
                <label for="name">Your name</label>
                <input id="name" name="name" type="text">
                <button type="submit">Greet</button>
              </form>
            </body>
            </html>
            """;

    private HttpServer server;
    private String base;
    private final List<String> posted = new CopyOnWriteArrayList<>();
    private final List<String> languages = new CopyOnWriteArrayList<>();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            languages.add(String.valueOf(exchange.getRequestHeaders().getFirst("Accept-Language")));
            if (exchange.getRequestMethod().equals("GET") && exchange.getRequestURI().getPath().equals("/")) {
                respond(exchange, 200, FORM);
            } else if (exchange.getRequestMethod().equals("POST")
                    && exchange.getRequestURI().getPath().equals("/greet")) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                posted.add(body);
                String name = "";
                for (String pair : body.split("&")) {
                    if (pair.startsWith("name=")) {
                        name = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
                    }
                }
                exchange.getResponseHeaders().add("Set-Cookie", "greeted="
                        + URLEncoder.encode(name, StandardCharsets.UTF_8) + "; Path=/; HttpOnly; SameSite=Strict");
                respond(exchange, 200, """
                        <!doctype html>
                        <html lang="en"><head><meta charset="utf-8"><title>Greeted</title></head>
                        <body><p id="greeting">Hello, %s!</p><a href="/">Again</a></body></html>
                        """.formatted(escape(name)));
            } else {
                respond(exchange, 404, "<!doctype html><title>Not found</title>");
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, String html) throws IOException {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Test
    void fillsInAFormAndReadsTheAnswer() throws IOException {
        try (Browser browser = Browser.start()) {
            System.out.printf("BrowserIT: browser started in %d ms%n", browser.startup().toMillis());
            browser.open(base + "/");
            assertThat(browser.driver().getTitle()).isEqualTo("Greeter");

            // the field found through its label, as a person finds it
            WebElement label = browser.driver().findElement(By.xpath("//label[normalize-space()='Your name']"));
            WebElement field = browser.driver().findElement(By.id(label.getDomAttribute("for")));
            field.sendKeys("Ada <Lovelace> & co");
            assertThat(field.getDomProperty("value")).isEqualTo("Ada <Lovelace> & co");
            browser.screenshot("browser-it-form");

            browser.driver().findElement(By.xpath("//button[normalize-space()='Greet']")).click();
            assertThat(browser.waitFor(By.id("greeting")).getText()).isEqualTo("Hello, Ada <Lovelace> & co!");
            assertThat(browser.driver().getTitle()).isEqualTo("Greeted");
            assertThat(posted).containsExactly("name=Ada+%3CLovelace%3E+%26+co");
            assertThat(languages).allSatisfy(language -> assertThat(language).startsWith("en"));

            assertThat(browser.cookie("greeted")).get().satisfies(cookie -> {
                assertThat(cookie.getValue()).isEqualTo("Ada+%3CLovelace%3E+%26+co");
                assertThat(cookie.isHttpOnly()).isTrue();
                assertThat(cookie.getPath()).isEqualTo("/");
            });
            assertThat(browser.cookie("absent")).isEmpty();

            Path shot = browser.screenshot("browser-it-greeting");
            assertThat(shot).isAbsolute().exists().hasFileName("browser-it-greeting.png");
            assertThat(shot.getParent()).endsWith(Path.of("it-tests", "target", "screenshots"));
            assertIsRenderedPng(shot);
        }
    }

    @Test
    void emulatesTheDarkColourScheme() {
        try (Browser browser = Browser.start()) {
            browser.open(base + "/");
            JavascriptExecutor js = (JavascriptExecutor) browser.driver();
            String background = "return getComputedStyle(document.body).backgroundColor";

            browser.darkMode(true);
            assertThat(js.executeScript("return matchMedia('(prefers-color-scheme: dark)').matches")).isEqualTo(true);
            assertThat(js.executeScript(background)).isEqualTo("rgb(17, 17, 17)");
            browser.screenshot("browser-it-dark");

            browser.darkMode(false);
            assertThat(js.executeScript("return matchMedia('(prefers-color-scheme: dark)').matches")).isEqualTo(false);
            assertThat(js.executeScript(background)).isEqualTo("rgb(255, 255, 255)");
        }
    }

    /** A PNG of the window's size or so, of more than a blank page's colours: text was rendered into it. */
    private static void assertIsRenderedPng(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).hasSizeGreaterThan(2_000);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as("a PNG ImageIO can read").isNotNull();
        assertThat(image.getWidth()).isBetween(Browser.WIDTH - 100, Browser.WIDTH);
        assertThat(image.getHeight()).isBetween(Browser.HEIGHT - 300, Browser.HEIGHT);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours).as("colours in the screenshot (anti-aliased text has many)").hasSizeGreaterThan(10);
    }
}
