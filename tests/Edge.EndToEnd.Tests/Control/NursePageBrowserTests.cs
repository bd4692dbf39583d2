using System.Net;
using System.Text.Json;
using Edge.EndToEnd.Tests.Infrastructure;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Xunit.Abstractions;

namespace Edge.EndToEnd.Tests.Control;

/// <summary>
/// The nurse page in headless Chromium (Debian chromium + chromium-driver, Selenium WebDriver) against the real
/// gateway with BLE on the BlueZ double: PIN login (a wrong PIN refused), start pairing, pick the heart-rate strap,
/// choose the patient, see "85 bpm received" and a connected tile, unpair; then repeated wrong PINs rate-limited.
/// Screenshots are kept under the test binaries' <c>artifacts/</c> folder and their paths printed.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class NursePageBrowserTests(ITestOutputHelper output)
{
    private const string Strap = "AA:BB:CC:00:50:01";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task NursePage_LoginPairConfirmUnpair_InHeadlessChromium()
    {
        using var paths = new TestPaths();
        await using var ble = await BleDouble.StartAsync(paths);
        var (_, characteristic) = await ble.AddHeartRateStrapAsync(Strap, "HRM-Test");
        ble.StartHeartRate(characteristic, 85);
        await using var gateway = await ControlGateway.StartAsync(paths, ble);
        using var driver = StartChromium(paths);
        var wait = new WebDriverWait(driver, Patience);
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));

        // Before login: the page, no data.
        driver.Navigate().GoToUrl(gateway.Lan);
        wait.Until(d => d.FindElement(By.Id("login")).Displayed);
        Assert.False(driver.FindElement(By.Id("app")).Displayed);
        Assert.DoesNotContain(ControlGateway.LabelA, driver.PageSource, StringComparison.Ordinal);
        Assert.Equal("Site PIN", driver.FindElement(By.CssSelector("label[for=pin]")).Text);
        Assert.Equal(driver.FindElement(By.Id("pin")), driver.SwitchTo().ActiveElement()); // focus starts on the PIN

        // A wrong PIN is refused, the right one lets the nurse in.
        LogIn(driver, "000000");
        wait.Until(d => d.FindElement(By.Id("login-error")).Text == "That PIN is not right.");
        Assert.False(driver.FindElement(By.Id("app")).Displayed);
        LogIn(driver, ControlGateway.Pin);
        wait.Until(d => d.FindElement(By.Id("app")).Displayed);
        Assert.Equal(driver.FindElement(By.Id("start-pairing")), driver.SwitchTo().ActiveElement());

        // Start pairing: the same window the board's button opens.
        driver.FindElement(By.Id("start-pairing")).Click();
        wait.Until(d => d.FindElement(By.Id("pairing-state")).Text.StartsWith("Pairing is on", StringComparison.Ordinal));
        var candidate = wait.Until(d => d.FindElements(By.CssSelector("#candidates label")).FirstOrDefault(l => l.Text.Contains("Heart-rate strap", StringComparison.Ordinal)));
        Assert.Contains("HRM-Test", candidate.Text, StringComparison.Ordinal);
        Assert.Contains("signal good (-70 dBm)", candidate.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("AA:BB", driver.PageSource, StringComparison.OrdinalIgnoreCase);
        candidate.Click();
        driver.FindElement(By.CssSelector($"#patient option[value='{ControlGateway.PatientA}']")).Click();
        Assert.Equal(ControlGateway.PatientA, driver.FindElement(By.Id("patient")).GetDomProperty("value"));
        Screenshot(driver, "nurse-page-choose.png");
        driver.FindElement(By.Id("pair-button")).Click();

        // Confirmation with the first stored reading, and the tile turns connected.
        wait.Until(d => d.FindElement(By.Id("confirmation")).Text.Contains("85 bpm received", StringComparison.Ordinal));
        Assert.Equal($"85 bpm received for {ControlGateway.LabelA}.", driver.FindElement(By.Id("confirmation")).Text);
        var tile = wait.Until(d => d.FindElements(By.CssSelector("#devices li[data-device-id^='ble-']")).FirstOrDefault(t => t.GetAttribute("data-link") == "connected"));
        Assert.Contains("Heart-rate strap", tile.Text, StringComparison.Ordinal);
        Assert.Contains(ControlGateway.LabelA, tile.Text, StringComparison.Ordinal);
        Assert.Contains("Connected", tile.Text, StringComparison.Ordinal);
        Assert.Contains("tile link-connected", tile.GetAttribute("class"), StringComparison.Ordinal);
        Assert.Equal("polite", driver.FindElement(By.Id("confirmation")).GetAttribute("aria-live"));
        AssertTouchTargets(driver);
        var shot = Screenshot(driver, "nurse-page-paired.png");
        Assert.True(new FileInfo(shot).Length > 10_000, "the screenshot is an image of the page");

        // Unpair: two taps, the tile goes, and so does the binding.
        var deviceId = tile.GetAttribute("data-device-id")!;
        var unpair = tile.FindElement(By.CssSelector("button.unpair"));
        unpair.Click();
        Assert.Equal("Tap again to unpair", unpair.Text);
        unpair.Click();
        wait.Until(d => d.FindElements(By.CssSelector($"#devices li[data-device-id='{deviceId}']")).Count == 0);
        using (var socket = gateway.SocketClient())
        {
            var devices = await ControlApiSocketTests.JsonAsync(socket, "v1/devices");
            Assert.Null(ControlApiSocketTests.Device(devices, deviceId));
        }

        // Repeated wrong PINs: after five, the page says to wait, even for the right PIN.
        driver.FindElement(By.Id("logout")).Click();
        wait.Until(d => d.FindElement(By.Id("login")).Displayed);
        for (var i = 0; i < 5; i++)
        {
            LogIn(driver, "111111");
            wait.Until(d => d.FindElement(By.Id("login-error")).Text == "That PIN is not right.");
        }

        LogIn(driver, ControlGateway.Pin);
        wait.Until(d => d.FindElement(By.Id("login-error")).Text.StartsWith("Too many wrong PINs", StringComparison.Ordinal));
        Assert.False(driver.FindElement(By.Id("app")).Displayed);
        Screenshot(driver, "nurse-page-rate-limited.png");
    }

    [Fact]
    public async Task NursePage_NoPinProvisioned_SaysHowToFixIt()
    {
        using var paths = new TestPaths();
        await using var gateway = await ControlGateway.StartAsync(paths, ble: null, withPin: false);
        using var driver = StartChromium(paths);
        driver.Navigate().GoToUrl(gateway.Lan);
        var wait = new WebDriverWait(driver, Patience);
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));
        wait.Until(d => d.FindElement(By.Id("login-error")).Text.Contains("edgectl provision --pin", StringComparison.Ordinal));
        using var lan = gateway.LanClient();
        using var response = await lan.GetAsync("v1/status");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("no-pin", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    private static void LogIn(ChromeDriver driver, string pin)
    {
        var field = driver.FindElement(By.Id("pin"));
        field.Clear();
        field.SendKeys(pin);
        driver.FindElement(By.Id("login-button")).Click();
    }

    /// <summary>
    /// Every visible button, input and select is at least 44 CSS px tall (WCAG 2.5.5). Measured in one script run, so
    /// the page's periodic re-render cannot swap elements out from under the check (stale element references).
    /// </summary>
    private static void AssertTouchTargets(ChromeDriver driver)
    {
        var small = (string)driver.ExecuteScript("""
            return Array.from(document.querySelectorAll('button, select, input:not([type=radio]), #candidates label'))
              .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44)
              .map(e => e.tagName.toLowerCase() + '#' + e.id + ' ' + e.getBoundingClientRect().height + 'px')
              .join(', ');
            """)!;
        Assert.True(small.Length == 0, "touch targets under 44 px: " + small);
    }

    private string Screenshot(ChromeDriver driver, string name)
    {
        var directory = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;
        var path = Path.Combine(directory, name);
        driver.GetScreenshot().SaveAsFile(path);
        output.WriteLine($"screenshot: {path}");
        Console.WriteLine($"screenshot: {path}");
        return path;
    }

    private static ChromeDriver StartChromium(TestPaths paths)
    {
        var chromium = ExternalTool.Find("chromium", "chromium");
        var chromedriver = ExternalTool.Find("chromedriver", "chromium-driver");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(chromedriver)!, Path.GetFileName(chromedriver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = chromium };
        // A phone-sized window (Pixel 7 class); root in CI needs --no-sandbox; /dev/shm is small in containers.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=412,1400", "--force-device-scale-factor=1",
            $"--user-data-dir={paths.CreateDirectory("chromium")}", "--no-first-run", "--disable-extensions");
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }
}
