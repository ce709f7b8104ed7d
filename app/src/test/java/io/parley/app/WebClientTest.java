package io.parley.app;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
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
 * port, two browsers at a time: sign-in with console codes, linking by the pasted QR link, chats with ticks and an
 * image, profiles, offline catch-up with the inbox, statuses, groups, and a video call with Chromium's fake devices on
 * a desktop and a phone-sized window. Each test saves screenshots under target/web-client/. Skipped, saying so, where
 * no Chromium is installed.
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

    /** No frame the client sent was refused (the shell shows what arrives on /user/queue/errors). */
    @AfterEach
    void noSocketErrorsThenClose() {
        try {
            for (WebDriver browser : browsers) {
                assertThat(browser.findElements(By.cssSelector("#app > p.error"))).extracting(WebElement::getText).allMatch(String::isEmpty);
            }
        } finally {
            browsers.forEach(WebDriver::quit);
        }
    }

    private static WebElement waitFor(WebDriver browser, By what) {
        return new WebDriverWait(browser, Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
                .until(ExpectedConditions.visibilityOfElementLocated(what));
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

    /** Ann links with Ben by pasting her QR link into Ben's connect screen; she accepts his request. */
    private static void link(WebDriver ann, WebDriver ben) {
        ann.findElement(By.cssSelector("nav [data-view=connect]")).click();
        String link = new WebDriverWait(ann, Duration.ofSeconds(15))
                .until(browser -> browser.findElement(By.cssSelector(".link-text")).getText().startsWith("parley://connect/")
                        ? browser.findElement(By.cssSelector(".link-text")).getText() : null);
        ben.findElement(By.cssSelector("nav [data-view=connect]")).click();
        waitFor(ben, By.name("link")).sendKeys(link);
        ben.findElement(By.cssSelector("form.card button[type=submit]")).click();
        waitFor(ann, By.xpath("//ul[@aria-label='Requests']//button[text()='Accept']")).click();
        waitFor(ann, By.xpath("//ul[@aria-label='Connections']//button[text()='Message']"));
    }

    private static void send(WebDriver browser, String text) {
        waitFor(browser, By.name("text")).sendKeys(text);
        browser.findElement(By.cssSelector(".composer button[type=submit]")).click();
        waitFor(browser, By.xpath("//ol[@class='messages']//li[contains(@class,'mine')]//span[text()='" + text + "']"));
    }

    private static void open(WebDriver browser, String view) {
        waitFor(browser, By.cssSelector("nav [data-view=" + view + "]")).click();
    }

    private static void rename(WebDriver browser, String name) {
        open(browser, "profile");
        WebElement field = waitFor(browser, By.name("name"));
        field.clear();
        field.sendKeys(name);
        browser.findElement(By.cssSelector("form.form button[type=submit]")).click();
        waitFor(browser, By.xpath("//header/strong[@class='me' and text()='" + name + "']"));
    }

    @Test
    void twoPeopleSignInLinkByThePastedQrLinkChatWithTicksAndShareAnImage() {
        WebDriver ann = browser();
        WebDriver ben = browser();
        signIn(ann, uniqueEmail());
        signIn(ben, uniqueEmail());
        shot(ann, "signed-in");
        rename(ann, "Ann");
        rename(ben, "Ben");
        link(ann, ben);
        shot(ann, "connected");

        ann.findElement(By.xpath("//ul[@aria-label='Connections']//button[text()='Message']")).click();
        send(ann, "Hello Ben");
        waitFor(ann, By.cssSelector(".messages .mine .tick"));

        open(ben, "chats");
        waitFor(ben, By.cssSelector(".list .row")).click();
        assertThat(waitFor(ben, By.cssSelector(".messages .theirs .text")).getText()).isEqualTo("Hello Ben");
        send(ben, "Hi Ann");

        assertThat(waitFor(ann, By.xpath("//ol[@class='messages']//li[contains(@class,'theirs')]//span[text()='Hi Ann']")).isDisplayed()).isTrue();
        waitFor(ann, By.cssSelector(".messages .mine .tick.read"));

        ann.findElement(By.cssSelector(".composer input[type=file]")).sendKeys(picture().toString());
        ann.findElement(By.cssSelector(".composer button[type=submit]")).click();
        for (WebDriver browser : List.of(ann, ben)) {
            new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
                    .until(ExpectedConditions.attributeContains(By.cssSelector(".messages img.thumb"), "src", "blob:"));
        }
        shot(ann, "chat");
        shot(ben, "chat-ben");
    }

    /**
     * Ben closes the app while Ann (renamed in her profile, with an avatar) writes; back, he finds all three messages unread in his chat list,
     * a notification in his inbox that opens the chat with the messages, and Ann's ticks turn read. Then statuses: Ann posts one,
     * Ben views it from his feed, and Ann sees him among its viewers; and a group Ann makes reaches Ben.
     */
    @Test
    void anOfflinePersonCatchesUpAndStatusesAndGroupsWork() {
        WebDriver ann = browser();
        WebDriver ben = browser();
        signIn(ann, uniqueEmail());
        signIn(ben, uniqueEmail());
        rename(ann, "Ann Web");
        ann.findElement(By.name("avatar")).sendKeys(picture().toString());
        new WebDriverWait(ann, Duration.ofSeconds(20)).until(ExpectedConditions.attributeContains(By.cssSelector("img.avatar"), "src", "blob:"));
        shot(ann, "profile");
        rename(ben, "Ben Web");
        link(ann, ben);

        ann.findElement(By.xpath("//ul[@aria-label='Connections']//button[text()='Message']")).click();
        send(ann, "Before you left");
        waitFor(ann, By.cssSelector(".chat-header .presence[data-online=true]"));
        ben.get("about:blank");
        waitFor(ann, By.cssSelector(".chat-header .presence[data-online=false]"));
        send(ann, "While you were away");
        send(ann, "Still away?");

        ben.get("http://127.0.0.1:" + port + "/");
        waitFor(ben, By.xpath("//ul[@aria-label='Chats']//strong[.='Ann Web']"));
        assertThat(waitFor(ben, By.cssSelector(".list .row .badge")).getText()).isEqualTo("3");
        assertThat(waitFor(ben, By.cssSelector("nav [data-view=inbox] .badge")).getText()).as("accepted, and the messages").isEqualTo("2");
        open(ben, "inbox");
        waitFor(ben, By.xpath("//li[contains(@class,'unread') and @data-type='chat:message']//button[text()='Open']")).click();
        waitFor(ben, By.xpath("//ol[@class='messages']//li[contains(@class,'theirs')]//span[text()='Still away?']"));
        assertThat(ben.findElements(By.cssSelector(".messages .theirs .text"))).extracting(WebElement::getText)
                .containsExactly("Before you left", "While you were away", "Still away?");
        new WebDriverWait(ann, Duration.ofSeconds(15)).until(browser -> browser.findElements(By.cssSelector(".messages .mine .tick.read")).size() == 3);
        new WebDriverWait(ben, Duration.ofSeconds(15)).until(ExpectedConditions.textToBe(By.cssSelector("nav [data-view=inbox] .badge"), "1"));
        shot(ben, "caught-up");

        open(ann, "status");
        waitFor(ann, By.name("statusText")).sendKeys("Out for lunch");
        ann.findElement(By.xpath("//button[text()='Post status']")).click();
        waitFor(ann, By.xpath("//ul[@aria-label='My statuses']//p[text()='Out for lunch']"));
        open(ben, "status");
        waitFor(ben, By.xpath("//ul[@aria-label='Status feed']//button[.//strong[text()='Ann Web']]")).click();
        waitFor(ben, By.xpath("//div[@class='viewer']//p[text()='Out for lunch']"));
        shot(ben, "status");
        waitFor(ann, By.xpath("//ul[@aria-label='My statuses']//button[text()='1 view']")).click();
        waitFor(ann, By.xpath("//ul[@aria-label='Viewers']/li[starts-with(text(),'Ben Web')]"));
        shot(ann, "status-viewers");

        open(ann, "chats");
        waitFor(ann, By.xpath("//button[text()='New group']")).click();
        waitFor(ann, By.name("groupName")).sendKeys("Lunch club");
        waitFor(ann, By.name("member")).click();
        ann.findElement(By.xpath("//button[text()='Create group']")).click();
        send(ann, "Welcome to the group");
        open(ben, "chats");
        waitFor(ben, By.xpath("//ul[@aria-label='Chats']//button[.//strong[text()='Lunch club']]")).click();
        waitFor(ben, By.xpath("//ol[@class='messages']//li[contains(@class,'theirs')][.//span[text()='Ann Web']]//span[text()='Welcome to the group']"));
        shot(ben, "group");
    }

    /**
     * A video call with Chromium's fake camera: Ann calls Ben from their chat, Ben (on a phone-sized window) answers,
     * both peer connections reach {@code connected}, Ann hangs up, and both call logs show the answered call.
     */
    @Test
    void aVideoCallConnectsBothPeersAndEndsInTheCallLog() {
        WebDriver ann = browser();
        WebDriver ben = browser();
        ben.manage().window().setSize(new Dimension(390, 844));
        signIn(ann, uniqueEmail());
        signIn(ben, uniqueEmail());
        rename(ben, "Ben Phone");
        link(ann, ben);

        ann.findElement(By.xpath("//ul[@aria-label='Connections']//button[text()='Message']")).click();
        waitFor(ann, By.xpath("//button[text()='Video call']")).click();
        waitFor(ben, By.cssSelector(".call button.accept")).click();
        for (WebDriver browser : List.of(ann, ben)) {
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector(".call .call-state[data-state=connected]")));
        }
        new WebDriverWait(ann, Duration.ofSeconds(15)).until(browser -> (Boolean) ((JavascriptExecutor) browser)
                .executeScript("const v = document.querySelector('.call video.remote'); return v && v.videoWidth > 0;"));
        shot(ann, "call");
        shot(ben, "call-phone");
        assertThat(tooWide(ben)).as("wider than the phone").isEmpty();

        ann.findElement(By.xpath("//section[@aria-label='Call']//button[text()='Hang up']")).click();
        for (WebDriver browser : List.of(ann, ben)) {
            waitFor(browser, By.xpath("//section[@aria-label='Call']//p[starts-with(text(),'Call ended')]"));
            open(browser, "calls");
            waitFor(browser, By.cssSelector("ul[aria-label='Call log'] li[data-outcome=answered]"));
        }
        assertThat(ann.findElement(By.cssSelector("ul[aria-label='Call log'] li")).getText()).contains("Ben Phone", "video", "answered");
        shot(ben, "call-log-phone");
        assertThat(tooWide(ben)).as("wider than the phone").isEmpty();
    }

    /** When the page needs sideways scrolling (a phone must not), the elements that stick out on the right. */
    @SuppressWarnings("unchecked")
    private static List<String> tooWide(WebDriver browser) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("""
                const width = document.documentElement.clientWidth;
                return document.documentElement.scrollWidth <= width ? [] : [...document.querySelectorAll('body *')]
                    .filter(element => element.getBoundingClientRect().right > width + 1)
                    .map(element => element.tagName + '.' + element.className + ' ' + element.getBoundingClientRect().right);""");
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
