package io.parley.app;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference web client in headless Chromium (Debian's chromium and chromium-driver), against the app on a random
 * port: two people sign in with console codes, link by pasting the QR link, chat both ways with ticks and send an
 * image whose thumbnail both see. Each test
 * saves screenshots under target/web-client/. Skipped, saying so, where no Chromium is installed.
 */
class WebClientTest extends ApiTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "web-client");

    private final List<WebDriver> browsers = new ArrayList<>();

    private WebDriver browser() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no Chromium here: install Debian's chromium and chromium-driver (.ci/run does)");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--window-size=1000,800");
        WebDriver browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
        browsers.add(browser);
        browser.get("http://127.0.0.1:" + port + "/");
        return browser;
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(WebDriver::quit);
    }

    private static WebElement waitFor(WebDriver browser, By what) {
        return new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(what));
    }

    private static void shot(WebDriver browser, String name) {
        try {
            Files.createDirectories(SHOTS);
            Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void signIn(WebDriver browser, String email) {
        waitFor(browser, By.name("identifier")).sendKeys(email);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        waitFor(browser, By.name("otp")).sendKeys(ConsoleCodes.lastCode(email));
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        waitFor(browser, By.cssSelector("nav"));
    }

    @Test
    void twoPeopleSignInLinkByThePastedQrLinkChatWithTicksAndShareAnImage() {
        WebDriver ann = browser();
        WebDriver ben = browser();
        signIn(ann, uniqueEmail());
        signIn(ben, uniqueEmail());
        shot(ann, "signed-in");

        ann.findElement(By.cssSelector("nav [data-view=connect]")).click();
        String link = new WebDriverWait(ann, Duration.ofSeconds(15))
                .until(browser -> browser.findElement(By.cssSelector(".link-text")).getText().startsWith("parley://connect/")
                        ? browser.findElement(By.cssSelector(".link-text")).getText() : null);
        ben.findElement(By.cssSelector("nav [data-view=connect]")).click();
        waitFor(ben, By.name("link")).sendKeys(link);
        ben.findElement(By.cssSelector("form.card button[type=submit]")).click();
        waitFor(ann, By.xpath("//ul[@aria-label='Requests']//button[text()='Accept']")).click();
        shot(ann, "connected");

        waitFor(ann, By.xpath("//ul[@aria-label='Connections']//button[text()='Message']")).click();
        waitFor(ann, By.name("text")).sendKeys("Hello Ben");
        ann.findElement(By.cssSelector(".composer button[type=submit]")).click();
        waitFor(ann, By.cssSelector(".messages .mine .tick"));

        ben.findElement(By.cssSelector("nav [data-view=chats]")).click();
        waitFor(ben, By.cssSelector(".list .row")).click();
        assertThat(waitFor(ben, By.cssSelector(".messages .theirs .text")).getText()).isEqualTo("Hello Ben");
        waitFor(ben, By.name("text")).sendKeys("Hi Ann");
        ben.findElement(By.cssSelector(".composer button[type=submit]")).click();

        assertThat(waitFor(ann, By.xpath("//ol[@class='messages']//li[contains(@class,'theirs')]//span[text()='Hi Ann']")).isDisplayed()).isTrue();
        waitFor(ann, By.cssSelector(".messages .mine .tick.read"));

        ann.findElement(By.cssSelector(".composer input[type=file]")).sendKeys(picture().toString());
        ann.findElement(By.cssSelector(".composer button[type=submit]")).click();
        for (WebDriver browser : List.of(ann, ben)) {
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.attributeContains(
                    By.cssSelector(".messages img.thumb"), "src", "blob:"));
        }
        shot(ann, "chat");
        shot(ben, "chat-ben");
    }

    private static Path picture() {
        try {
            Path file = Files.createTempFile("parley-web", ".png");
            Files.write(file, MediaFiles.png(96, 64));
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
