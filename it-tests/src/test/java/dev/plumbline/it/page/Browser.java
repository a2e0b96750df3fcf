package dev.plumbline.it.page;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium for the browser tests: Debian's {@code chromium} driven through Debian's
 * {@code chromedriver} (packages {@code chromium} and {@code chromium-driver}; {@code ./run-tests} installs them).
 * Both are found at fixed paths, so Selenium Manager is never asked for a driver or a browser (and downloads
 * nothing). A missing binary fails the test, naming it: a browser test that does not run is not skipped.
 *
 * <pre>{@code
 * try (Browser browser = Browser.start()) {
 *     browser.open(url);
 *     browser.driver().findElement(By.id("name")).sendKeys("Ada");
 *     browser.screenshot("form");
 * }
 * }</pre>
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final int WIDTH = 1280;
    public static final int HEIGHT = 900;
    /** How long {@link #waitFor} waits for an element to appear. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    /**
     * Each session start warns "Unable to find CDP implementation matching N": the typed DevTools classes
     * (selenium-devtools-vN, one artifact per Chrome version) are not on the class path, on purpose. The untyped
     * {@link ChromeDriver#executeCdpCommand} that {@link #darkMode} uses needs none of them. Held here: JUL keeps
     * loggers weakly, and a collected one forgets its level.
     */
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
    }

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Duration startup;

    private Browser(ChromeDriverService service, ChromeDriver driver, Duration startup) {
        this.service = service;
        this.driver = driver;
        this.startup = startup;
    }

    /** Starts chromedriver and, through it, a headless Chromium with a {@value #WIDTH}x{@value #HEIGHT} window. */
    public static Browser start() {
        requireExecutable(CHROMIUM, "chromium");
        requireExecutable(CHROMEDRIVER, "chromium-driver");

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",                  // the tests run as root, where Chromium's sandbox cannot start
                "--disable-dev-shm-usage",       // a container's small /dev/shm crashes the renderer
                "--window-size=" + WIDTH + "," + HEIGHT,
                "--lang=en",
                "--no-first-run",
                "--no-default-browser-check");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en"));

        long started = System.nanoTime();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            Duration startup = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("Browser: %s %s through chromedriver started in %d ms%n",
                    driver.getCapabilities().getBrowserName(), driver.getCapabilities().getBrowserVersion(),
                    startup.toMillis());
            return new Browser(service, driver, startup);
        } catch (WebDriverException e) {
            service.stop();
            throw new AssertionError("Chromium did not start through chromedriver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "; the packages chromium and chromium-driver must be of the same version): " + e.getMessage(), e);
        }
    }

    private static void requireExecutable(Path file, String debianPackage) {
        if (!Files.isExecutable(file)) {
            throw new AssertionError(file + " is " + (Files.exists(file) ? "not executable" : "missing")
                    + ": the browser tests drive Debian's chromium through Debian's chromedriver (package "
                    + debianPackage + "). Install the packages chromium and chromium-driver: ./run-tests installs "
                    + "them, or apt-get install -y --no-install-recommends chromium chromium-driver");
        }
    }

    /** The WebDriver of this browser, for everything the helpers here do not cover. */
    public WebDriver driver() {
        return driver;
    }

    /** How long starting chromedriver and Chromium (up to a session) took. */
    public Duration startup() {
        return startup;
    }

    /** Loads {@code url} and returns when the page has loaded. */
    public void open(String url) {
        driver.get(url);
    }

    /** The element {@code locator} finds, once it is there (after a navigation, a script), within {@link #WAIT}. */
    public WebElement waitFor(By locator) {
        AtomicReference<WebElement> found = new AtomicReference<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).ignoreException(NoSuchElementException.class)
                .until(() -> {
                    found.set(driver.findElement(locator));
                    return true;
                });
        return found.get();
    }

    /** The cookie named {@code name} that the current page's site has set, HttpOnly ones included. */
    public Optional<Cookie> cookie(String name) {
        return Optional.ofNullable(driver.manage().getCookieNamed(name));
    }

    /**
     * Saves what the window shows as {@code it-tests/target/screenshots/<name>.png} and returns its path.
     *
     * @param name a file name without extension: letters, digits, {@code . _ -}
     */
    public Path screenshot(String name) {
        if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            throw new IllegalArgumentException("not a screenshot name: " + name);
        }
        try {
            Path dir = screenshots();
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path screenshots() {
        String root = System.getProperty("plumbline.root"); // set by failsafe; else the module's directory
        Path module = root == null ? Path.of("") : Path.of(root).resolve("it-tests");
        return module.resolve("target/screenshots").toAbsolutePath().normalize();
    }

    /**
     * Emulates the {@code prefers-color-scheme} media feature ({@code dark} or {@code light}) through the DevTools
     * protocol, for the pages opened from now on and the current one.
     */
    public void darkMode(boolean dark) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
    }

    /** Ends the session (Chromium exits) and stops chromedriver. */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
