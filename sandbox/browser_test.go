package sandbox_test

import (
	"bufio"
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/internal/testkit"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

var screenshots = flag.String("screenshots", "", "directory for the browser test's screenshots (default: a new directory under the system's temporary directory, kept after the test)")

// TestBrowser drives the sandbox in headless Chromium, as a visitor would
// after `make run` on a fresh checkout: the binary started with no command
// and no Slack configuration, the demo coalition, the real bot connected to
// the fake Slack over Socket Mode.
func TestBrowser(t *testing.T) {
	b, _ := openSandbox(t)
	b.shot("open")
	checkMrkdwn(t, b)

	b.actAs("U0DIANA")
	b.command("/coalition")
	b.waitText("#messages", "Working groups")
	b.waitText("#messages", "Valley Youth Health Coalition")
	b.shot("staff-coalition")

	b.actAs("U0MARIA")
	b.command("/backbone partner list")
	b.waitText("#messages", "Only backbone staff can use")
	b.shot("partner-refused")

	b.actAs("U0DIANA")
	b.command("/backbone setup")
	b.waitJS(`document.querySelector('#modal .modal h2')?.innerText === 'Coalition setup'`, "the setup modal")
	b.shot("setup-modal")
	tz := `#modal .bk-input[data-block-id="setup_timezone"]`
	b.do(chromedp.SetValue(chromedp.CSS(tz+" input"), "Mars/Base"))
	b.click("#modal .modal-submit")
	b.waitText(tz+" .bk-error", "Use a timezone name such as America/New_York")
	b.shot("setup-timezone-error")
	b.do(chromedp.SetValue(chromedp.CSS(tz+" input"), "America/Chicago"))
	b.click("#modal .modal-submit")
	b.waitJS(`document.querySelector('#modal').hidden`, "the modal to close")
	b.waitText("#messages", "Saved the coalition setup")
	b.shot("setup-saved")

	before := b.text("#clock-time")
	b.click(`[data-jump="next-monday-0800"]`)
	b.waitJS(`/^Mon.*8:00:\d\d AM/.test(document.querySelector('#clock-time').innerText)`, "the clock to reach Monday 08:00")
	b.click(`[data-jump="next-0900"]`)
	b.waitJS(`/^Mon.*9:00:\d\d AM/.test(document.querySelector('#clock-time').innerText)`, "the clock to reach Monday 09:00")
	b.waitText("#toast", "Ran: reminders")
	b.shot("clock-advanced")
	t.Logf("clock: %s → %s", before, b.text("#clock-time"))

	// Monday 09:00 in New York: Omar's reminder, with its buttons.
	b.actAs("U0OMAR")
	b.click(`[data-app="backbone"]`)
	b.waitText("#messages", "Line up three teen speakers")
	b.waitJS(`document.querySelector('#toast').hidden`, "the clock's notice to fade")
	b.shot("reminder-dm")
	b.click(`#messages .msg:last-child button[data-action-id^="commitment:done"]`)
	b.waitJS(`document.querySelector('#messages .msg:last-child .edited') !== null`, "the reminder to be updated in place")
	b.shot("reminder-done")

	b.actAs("U0ALEX")
	b.click(`[data-channel="parent-education"]`)
	b.waitText("#join", "Join channel")
	b.click("#join button")
	b.waitJS(`document.querySelector('[data-app="backbone"]').classList.contains('unread')`, "the welcome DM")
	b.click(`[data-app="backbone"]`)
	b.waitText("#messages", "Welcome to Parent education")
	b.choose("#messages .bk-select", "Family Resource Network")
	b.waitText("#messages", "You are now listed with Family Resource Network")
	b.shot("newcomer-welcome")

	// A partner commits to something in their working group's channel.
	b.actAs("U0MARIA")
	b.click(`[data-channel="parent-education"]`)
	b.command("/commit Send the flyers to the middle schools by Friday")
	b.waitJS(`[...document.querySelectorAll('#messages .msg')].some((m) => m.innerText.includes('📌') && m.innerText.includes('will send the flyers to the middle schools'))`,
		"the commitment's 📌 confirmation")
	b.shot("partner-commit")

	// Backbone staff report for a partner: the retail compliance checks,
	// which only the police department reports, so the figure is its value.
	b.actAs("U0DIANA")
	b.click(`[data-channel="backbone-team"]`)
	b.command(`/report partner="Greenfield Police Department"`)
	b.waitJS(`document.querySelector('#modal .modal h2')?.innerText === 'Report numbers'`, "the report modal")
	value := `#modal .bk-input[data-block-id^="rv|"]`
	b.waitText(value, "Retailers refusing sales to minors")
	b.shot("report-modal")
	b.do(chromedp.SetValue(chromedp.CSS(value+" input"), "93%"))
	b.click("#modal .modal-submit")
	b.waitJS(`document.querySelector('#modal').hidden`, "the report modal to close")
	b.click(`[data-app="backbone"]`)
	b.waitText("#messages", "Saved for Greenfield Police Department")
	b.waitText("#messages", "Retailers refusing sales to minors")
	b.shot("report-saved")

	b.click(`[data-channel="backbone-team"]`)
	b.command("/indicators")
	b.waitJS(`[...document.querySelectorAll('#messages .msg')].some((m) => m.innerText.includes('Shared indicators') &&
		[...m.querySelectorAll('.bk-section')].some((s) => s.innerText.includes('Retailers refusing sales to minors') &&
			s.innerText.includes('93%') && s.innerText.includes('1 of 1')))`, "/indicators with the new figure")
	b.shot("indicators")
	t.Logf("indicators: %s", b.text("#messages .msg:last-child"))
}

// checkMrkdwn renders Slack mrkdwn with the page's own renderer.
func checkMrkdwn(t *testing.T, b *browser) {
	t.Helper()
	tests := []struct{ in, want string }{
		{"*bold* _italics_ ~struck~ `code`", "<b>bold</b> <i>italics</i> <s>struck</s> <code>code</code>"},
		{"<@U0MARIA> in <#C0YOUTH|youth-recognition>", `<span class="mention">@Maria Santos</span> in <span class="mention">#youth-recognition</span>`},
		{"<https://example.org/a?b=1&amp;c=2|the plan> :tada:", `<a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the plan</a> <span class="emoji" title=":tada:">🎉</span>`},
		{"a &lt;b&gt; &amp; <!here> 10:00:30", `a &lt;b&gt; &amp; <span class="mention broadcast">@here</span> 10:00:30`},
		{"> quoted\nnot *bold*text", "<blockquote>quoted</blockquote>not *bold*text"},
		{"```\n*raw* <@U0MARIA>\n```", `<pre class="code-block">*raw* &lt;@U0MARIA&gt;` + "\n</pre>"},
	}
	for _, tt := range tests {
		js := fmt.Sprintf(`import('/static/mrkdwn.js').then((m) => m.mrkdwn(%s, {
			user: (id) => ({U0MARIA: 'Maria Santos'})[id], channel: (id) => ({C0YOUTH: 'youth-recognition'})[id]}))`, strconv.Quote(tt.in))
		got, err := chromedp.Run(b.timeout(), chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
		if err != nil || got != tt.want {
			t.Errorf("mrkdwn(%q) = %q, %v\nwant %q", tt.in, got, err, tt.want)
		}
	}
}

// openSandbox starts the sandbox and opens its page in headless Chromium,
// or skips the test when Chromium is not installed. It returns the browser
// and the page's URL.
func openSandbox(t *testing.T) (*browser, string) {
	t.Helper()
	chromium := cmp.Or(os.Getenv("CHROMIUM"), "/usr/bin/chromium")
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("browser test skipped: no Chromium at %s (make test-browser installs Debian's chromium)", chromium)
	}
	site := startSandbox(t)
	b := newBrowser(t, chromium, screenshotDir(t))
	b.do(chromedp.Navigate(site))
	b.waitJS(`document.body.dataset.ready === "1"`, "the page to load")
	return b, site
}

// startSandbox builds backbone and starts it with no command in an empty
// directory, and returns the page's URL once it printed it.
func startSandbox(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "backbone")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/backbone-coalition/backbone/cmd/backbone").CombinedOutput(); err != nil {
		t.Fatalf("build backbone: %v\n%s", err, out)
	}
	cmd := exec.Command(bin)
	cmd.Dir = t.TempDir()
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "DATA_DIR=" + t.TempDir(), "HTTP_ADDR=127.0.0.1:0"}
	var logs testkit.SyncBuffer
	cmd.Stderr = &logs
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start backbone: %v", err)
	}
	t.Cleanup(func() { stop(t, cmd, &logs) })
	url, err := awaitURL(stdout, 90*time.Second)
	if err != nil {
		t.Fatalf("backbone with no command: %v\n%s", err, logs.String())
	}
	t.Logf("sandbox at %s", url)
	return url
}

var pageLine = regexp.MustCompile(`open (http://\S+) in your browser`)

// awaitURL reads stdout until the sandbox prints its URL.
func awaitURL(stdout io.Reader, timeout time.Duration) (string, error) {
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := pageLine.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case url := <-found:
		return url, nil
	case <-time.After(timeout):
		return "", fmt.Errorf("no sandbox URL on stdout after %v", timeout)
	}
}

// stop interrupts backbone as Ctrl-C does and waits for it.
func stop(t *testing.T, cmd *exec.Cmd, logs *testkit.SyncBuffer) {
	_ = cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("backbone exited with %v", err)
		}
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Errorf("backbone did not stop within 30 s of SIGINT")
	}
	if strings.Contains(logs.String(), "the fake Slack refused") {
		t.Errorf("the bot sent something Slack would refuse (Block Kit limits, protocol)")
	}
	if t.Failed() {
		t.Logf("backbone's log:\n%s", logs.String())
	}
}

func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := *screenshots
	var err error
	if dir == "" {
		dir, err = os.MkdirTemp("", "backbone-browser-test-")
	} else {
		err = os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		t.Fatalf("screenshot directory: %v", err)
	}
	t.Logf("screenshots in %s", dir)
	return dir
}

// browser is a headless Chromium tab on the sandbox page.
type browser struct {
	t   *testing.T
	ctx context.Context
	dir string
	n   int // screenshots taken
}

func newBrowser(t *testing.T, chromium, dir string) *browser {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1440, 960),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return &browser{t: t, ctx: ctx, dir: dir}
}

// shot saves a screenshot of the window, numbered in order.
func (b *browser) shot(name string) {
	b.t.Helper()
	b.n++
	png, err := chromedp.Run(b.timeout(), chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(b.dir, fmt.Sprintf("%02d-%s.png", b.n, name)), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// timeout bounds one step; the browser itself lives as long as the test.
func (b *browser) timeout() context.Context {
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	b.t.Cleanup(cancel)
	return ctx
}

func (b *browser) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.timeout(), steps...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// waitJS waits until the expression is true.
func (b *browser) waitJS(expr, what string) {
	b.t.Helper()
	if _, err := chromedp.Run(b.timeout(), chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		b.t.Fatalf("waiting for %s: %v\npage: %s", what, err, b.text("body"))
	}
}

// waitText waits until the element's text contains want.
func (b *browser) waitText(sel, want string) {
	b.t.Helper()
	b.waitJS(fmt.Sprintf(`(document.querySelector(%s)?.innerText || '').includes(%s)`, strconv.Quote(sel), strconv.Quote(want)),
		fmt.Sprintf("%q in %s", want, sel))
}

func (b *browser) text(sel string) string {
	s, err := chromedp.Run(b.timeout(), chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%s)?.innerText || ''`, strconv.Quote(sel))))
	if err != nil {
		return "(unreadable: " + err.Error() + ")"
	}
	return s
}

// actAs picks a person in the "You are" switcher.
func (b *browser) actAs(userID string) {
	b.t.Helper()
	js := fmt.Sprintf(`(() => { const s = document.querySelector('#you-are'); s.value = %s; s.dispatchEvent(new Event('change')); return s.value; })()`, strconv.Quote(userID))
	got, err := chromedp.Run(b.timeout(), chromedp.Evaluate[string](js))
	if err != nil || got != userID {
		b.t.Fatalf("act as %s: got %q, %v", userID, got, err)
	}
	b.waitJS(fmt.Sprintf(`document.querySelector('#me-card .me-name') && %s === document.querySelector('#you-are').value`, strconv.Quote(userID)), "the switch to "+userID)
}

// click waits for the element and clicks it. The page redraws what changed
// as the bot answers, so it finds the element at the moment of the click.
func (b *browser) click(sel string) {
	b.t.Helper()
	b.waitJS(fmt.Sprintf(`document.querySelector(%s) !== null`, strconv.Quote(sel)), sel)
	js := fmt.Sprintf(`(() => { document.querySelector(%s).click(); return true; })()`, strconv.Quote(sel))
	if _, err := chromedp.Run(b.timeout(), chromedp.Evaluate[bool](js)); err != nil {
		b.t.Fatalf("click %s: %v", sel, err)
	}
}

// choose picks the option labelled label in a select, as a click does.
func (b *browser) choose(sel, label string) {
	b.t.Helper()
	js := fmt.Sprintf(`(() => {
		const s = document.querySelector(%s);
		const o = [...s.options].find((o) => o.text === %s);
		s.value = o.value;
		s.dispatchEvent(new Event('change', {bubbles: true}));
		return s.value;
	})()`, strconv.Quote(sel), strconv.Quote(label))
	if _, err := chromedp.Run(b.timeout(), chromedp.Evaluate[string](js)); err != nil {
		b.t.Fatalf("choose %q in %s: %v", label, sel, err)
	}
}

// command types a slash command in the message box and sends it.
func (b *browser) command(text string) {
	b.t.Helper()
	b.do(chromedp.Click(chromedp.CSS("#input")), chromedp.SendKeys(chromedp.CSS("#input"), text), enter)
	b.waitJS(`document.querySelector('#input').value === ''`, "the message box to send "+strings.Fields(text)[0])
}

// enter presses Enter as a person does. SendKeys would add the char event
// a page cannot cancel, leaving a new line in the message box.
var enter = chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
		_, err := cdp.Call(ctx, t, input.DispatchKeyEvent, input.DispatchKeyEventParams{
			Type: typ, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13,
		})
		if err != nil {
			return fmt.Errorf("press Enter: %w", err)
		}
	}
	return nil
})
