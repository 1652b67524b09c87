package io.timebank.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The member's wallet page in real Chromium (Debian's chromium, driven through its chromedriver) against
 * the real server and broker: sign in, the balance the API shows, the curve and its sources, a transfer
 * made in the page, a statement downloaded. Screenshots are kept in target/screenshots.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WalletPageTest implements TestPropertyProvider {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Duration PAGE_WAIT = Duration.ofSeconds(30);

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    EmbeddedServer server;

    @Inject
    LedgerRuntime runtime;

    @Inject
    Tokens tokens;

    ChromeDriver browser;

    Path downloads;

    @Override
    public Map<String, String> getProperties() {
        return TestBank.properties("timebank-wallet");
    }

    @BeforeAll
    void startBrowserAndFund() throws IOException {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
            .as("the wallet tests need Debian's chromium and chromium-driver (.ci/run installs them: "
                + "apt-get install chromium chromium-driver)").isTrue();
        downloads = Files.createTempDirectory("wallet-downloads");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // The machine's network is closed: no background connections, no first-run work, a fresh profile.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--window-size=1100,2400",
            "--user-data-dir=" + Files.createTempDirectory("wallet-chromium"));
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
            "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);

        runtime.awaitRunning(Duration.ofSeconds(60));
        Instant now = Instant.now();
        post("/v1/activities", "[" + String.join(",",
            TestBank.activity("wa-1", "forum", "wa-alice", now.minus(Duration.ofDays(3)), 10, 2, 3),
            TestBank.activity("wa-2", "forum", "wa-alice", now.minus(Duration.ofDays(2)), 4, 4, 4),
            TestBank.activity("wa-3", "forum", "wa-alice", now.minus(Duration.ofHours(5)), 6, 1, 2),
            TestBank.activity("wa-4", "forum", "wa-bob", now.minus(Duration.ofHours(1)), 1, 1, 1)) + "]");
        Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> api("/v1/accounts/wa-alice").at("/balances/0/entries")
            .asLong() == 3 && api("/v1/accounts/wa-bob").has("balances"));
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aMemberSignsInAndSeesTheBalanceTheApiShowsItsCurveAndWhereItCameFrom() throws IOException {
        signIn(tokens.member("wa-alice"));

        WebElement balance = awaitText("balance-ATTENTION");
        String at = browser.findElement(By.id("balance-at")).getAttribute("datetime");
        JsonNode account = api("/v1/accounts/wa-alice?at=" + at);
        assertThat(balance.getText()).isEqualTo(account.at("/balances/0/amount").asText());
        assertThat(browser.findElement(By.id("available-ATTENTION")).getText())
            .isEqualTo(account.at("/balances/0/available").asText());

        WebElement curve = browser.findElement(By.id("curve"));
        Awaitility.await().atMost(PAGE_WAIT).until(() -> curve.getAttribute("data-deposits") != null);
        JsonNode drawn = api("/v1/accounts/wa-alice/curve");
        assertThat(curve.getAttribute("data-deposits")).isEqualTo("3");
        assertThat(Integer.parseInt(curve.getAttribute("data-points"))).isEqualTo(drawn.at("/points").size());
        assertThat(curve.findElements(By.tagName("canvas"))).isNotEmpty();
        List<String> platforms = browser.findElements(By.cssSelector("#sources .source")).stream()
            .map(source -> source.getAttribute("data-platform")).toList();
        assertThat(platforms).containsExactly("forum");
        assertThat(browser.findElement(By.id("sources")).getText()).contains("from 3 deposits");
        assertThat(browser.findElements(By.cssSelector("#explain li"))).hasSizeGreaterThanOrEqualTo(3);
        assertThat(browser.findElement(By.id("explain")).getText()).contains("an activity scored 10.000000 × 2.000000 "
            + "× 3.000000");
        screenshot("wallet-signed-in");
    }

    @Test
    void aTransferMadeInThePageShowsItsFeeFirstAndAppearsInTheHistory() throws IOException {
        signIn(tokens.member("wa-alice"));
        awaitText("balance-ATTENTION");

        browser.findElement(By.id("transfer-to")).sendKeys("wa-bob");
        browser.findElement(By.id("transfer-amount")).sendKeys("1.5");
        browser.findElement(By.id("transfer-memo")).sendKeys("for the <b>soup</b>");
        WebElement quote = browser.findElement(By.id("transfer-quote"));
        Awaitility.await().atMost(PAGE_WAIT).until(() -> quote.getAttribute("data-fee") != null);
        String fee = api("/v1/accounts/wa-alice/fee?amount=1.5").at("/fee").asText();
        assertThat(quote.getAttribute("data-fee")).isEqualTo(fee);
        screenshot("wallet-transfer-quoted");
        browser.findElement(By.id("transfer-send")).click();

        WebElement answer = browser.findElement(By.id("transfer-answer"));
        Awaitility.await().atMost(PAGE_WAIT).until(() -> answer.getAttribute("data-status") != null);
        assertThat(answer.getAttribute("data-status")).isEqualTo("COMPLETED");
        String reference = answer.getText().replaceAll(".*Reference (\\S+)\\.$", "$1");
        Awaitility.await().atMost(PAGE_WAIT).until(() -> browser.findElements(
            By.cssSelector("#history tr[data-reference='" + reference + "']")).size() == 1);
        WebElement row = browser.findElement(By.cssSelector("#history tr[data-reference='" + reference + "']"));
        assertThat(row.getAttribute("data-type")).isEqualTo("TransferDebited");
        // The sender's entry moves the amount and its fee.
        assertThat(row.getText()).contains("wa-bob", new BigDecimal("1.5").add(new BigDecimal(fee)).negate().toPlainString());
        JsonNode bobs = api("/v1/accounts/wa-bob/entries");
        assertThat(bobs.findValuesAsText("reference")).contains(reference);
        screenshot("wallet-transfer-sent");
    }

    @Test
    void aStatementDownloadsAsCsvWhoseRowsAddUpToItsClosingBalance() throws IOException {
        signIn(tokens.member("wa-alice"));
        awaitText("balance-ATTENTION");

        browser.findElement(By.id("statement-csv")).click();

        Path file = Awaitility.await().atMost(PAGE_WAIT).until(this::downloadedCsv, found -> found != null);
        List<Map<String, String>> rows;
        try (var reader = new CsvMapper().readerFor(Map.class).with(CsvSchema.emptySchema().withHeader())
            .<Map<String, String>>readValues(file.toFile())) {
            rows = reader.readAll();
        }
        List<Map<String, String>> attention = rows.stream().filter(row -> row.get("asset").equals("ATTENTION")).toList();
        assertThat(attention).extracting(row -> row.get("row")).contains("opening", "entry", "decay", "closing");
        BigDecimal sum = attention.stream().filter(row -> !row.get("row").equals("closing"))
            .map(row -> new BigDecimal(row.get("amount"))).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(sum).isEqualByComparingTo(attention.getLast().get("amount"));
        assertThat(file.getFileName().toString()).startsWith("statement-wa-alice-");
        browser.findElement(By.id("statement-show")).click();
        awaitText("statement");
        screenshot("wallet-statement");
    }

    @Test
    void aWrongTokenIsToldInWordsAndTheFrontDoorLeadsToThePage() throws IOException {
        browser.get(server.getURI() + "/");
        assertThat(browser.getCurrentUrl()).endsWith("/wallet/");
        browser.findElement(By.id("token")).sendKeys("not-a-token");
        browser.findElement(By.id("sign-in-button")).click();

        WebElement error = awaitText("sign-in-error");
        assertThat(error.getText()).contains("not valid");
        assertThat(browser.findElement(By.id("wallet")).isDisplayed()).isFalse();
        screenshot("wallet-wrong-token");
    }

    @Test
    void swaggerUiShowsEveryOperationOfTheGeneratedDocumentAndOffersToAuthorize() throws IOException {
        Map<String, Map<String, Object>> paths = new org.yaml.snakeyaml.Yaml().<Map<String, Map<String, Map<String, Object>>>>load(
            http.toBlocking().retrieve(HttpRequest.GET("/openapi/timebank-v1.yml"))).get("paths");
        long operations = paths.values().stream().mapToLong(methods -> methods.keySet().stream()
            .filter(List.of("get", "post", "put", "delete")::contains).count()).sum();

        browser.get(server.getURI() + "/swagger-ui/");

        Awaitility.await().atMost(PAGE_WAIT).until(() -> browser.findElements(By.cssSelector(".opblock")).size() == operations);
        assertThat(operations).isGreaterThan(30);
        assertThat(browser.findElements(By.cssSelector(".btn.authorize"))).isNotEmpty();
        screenshot("swagger-ui");
    }

    @Test
    void anOperatorLooksUpAnyAccount() {
        browser.get(server.getURI() + "/wallet/");
        browser.findElement(By.id("token")).sendKeys(tokens.operator("wallet-test", 600));
        browser.findElement(By.id("sign-in-button")).click();
        assertThat(awaitText("sign-in-error").getText()).contains("name the account");

        browser.findElement(By.id("lookup")).sendKeys("wa-bob");
        browser.findElement(By.id("sign-in-button")).click();

        awaitText("balance-ATTENTION");
        assertThat(browser.findElement(By.id("who")).getText()).contains("viewing wa-bob");
    }

    private void signIn(String token) {
        browser.get(server.getURI() + "/wallet/");
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.id("sign-in-button")).click();
    }

    private WebElement awaitText(String id) {
        Awaitility.await().atMost(PAGE_WAIT).until(() -> browser.findElements(By.id(id)).stream()
            .anyMatch(shown -> !shown.getText().isBlank()));
        return browser.findElement(By.id(id));
    }

    private Path downloadedCsv() throws IOException {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.filter(file -> file.toString().endsWith(".csv")).findFirst().orElse(null);
        }
    }

    private void screenshot(String name) throws IOException {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private JsonNode api(String path) {
        return TestBank.parse(http.toBlocking().retrieve(HttpRequest.GET(path).bearerAuth(tokens.operator("wallet-test", 600))));
    }

    private void post(String path, String body) {
        http.toBlocking().exchange(HttpRequest.POST(path, body).contentType(MediaType.APPLICATION_JSON)
            .bearerAuth(tokens.operator("wallet-test", 600)), Argument.of(String.class), Argument.of(String.class));
    }
}
