package sandbox_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// TestBrowserScorecard signs in to the web scorecard through the link the
// bot DMs, reads the overview, an indicator page with its charts and a CSV,
// then checks what a partner and the public may see, and that forged,
// reused and expired links are refused.
func TestBrowserScorecard(t *testing.T) {
	b, site := openSandbox(t)
	// A commitment naming the indicator it serves, to be listed on its page.
	b.actAs("U0MARIA")
	b.click(`[data-channel="parent-education"]`)
	b.command("/commit Hand out the vaping facts sheet at the parent night #teen-vaping by Friday")
	b.waitText("#messages", "Hand out the vaping facts sheet")
	link := dmLink(b, site, "U0DIANA")
	b.do(chromedp.Navigate(link))
	b.waitText("main", "Shared indicators")
	b.waitText("main", "Teens who vaped in the past 30 days")
	b.shot("scorecard-overview")

	// The overview links each indicator's page; open it as that link would.
	page := b.eval(`document.querySelector('a[href="/scorecard/indicators/teen-vaping"]').href`)
	b.do(chromedp.Navigate(page))
	b.waitText("main", "The curve")
	b.waitJS(`[...document.querySelectorAll('img.chart')].length === 2 && [...document.querySelectorAll('img.chart')].every((i) => i.complete && i.naturalWidth > 0)`,
		"the trend and segment charts to load")
	b.shot("scorecard-indicator")
	b.waitText("#work", "Hand out the vaping facts sheet")
	b.do(chromedp.ScrollIntoView(`img[src$="/segments/0.svg"]`))
	b.shot("scorecard-segments")
	csv := b.download(`a.download[href$="/data.csv"]`)
	if !strings.Contains(csv, "segment town,") || !strings.Contains(csv, "coalition,") || !strings.Contains(csv, "Teens who vaped") {
		t.Errorf("the CSV download:\n%s", csv)
	}
	t.Logf("csv: %.300s", csv)

	// The same link again: used.
	b.do(chromedp.Navigate(link))
	b.waitText("main", "already used")
	b.waitText("main", "Send me a new link")
	b.shot("scorecard-link-reused")
	b.do(chromedp.Navigate(strings.Replace(link, "t=", "t=forged", 1)))
	b.waitText("main", "This link isn")
	b.shot("scorecard-link-forged")

	// A partner from the page header: its own towns, not the other's.
	b.do(chromedp.Navigate(site))
	b.waitJS(`document.body.dataset.ready === "1"`, "the page to load")
	b.actAs("U0SAM")
	href := b.eval(`document.querySelector('#scorecard-link').href`)
	b.do(chromedp.Navigate(href))
	b.waitText("main", "Shared indicators")
	b.do(chromedp.Navigate(site + "scorecard/indicators/teen-vaping"))
	b.waitText("main", "Your organization's own values")
	shelburne := b.eval(`[...document.querySelectorAll('tr')].find((r) => r.innerText.startsWith('Shelburne'))?.innerText || ''`)
	if !strings.Contains(shelburne, "suppressed") {
		t.Errorf("Sam sees Mohawk Trail's Shelburne cell: %q", shelburne)
	}
	b.do(chromedp.ScrollIntoView(`#segments`))
	b.shot("scorecard-partner-own-cells")

	// Public: only what staff made public, without signing in.
	staffDM(b, site, "/indicators edit teen-vaping public=yes", "is now on the public scorecard")
	b.do(chromedp.Navigate(site + "public"))
	b.waitText("main", "Teens who vaped")
	if body := b.text("main"); strings.Contains(body, "Parents at prevention workshops") {
		t.Errorf("/public shows a private indicator:\n%s", body)
	}
	b.shot("scorecard-public")

	// Expired: a link asked for now, used after the clock moved a day on.
	late := dmLink(b, site, "U0GRACE")
	before := b.text("#clock-time")
	b.click(`[data-jump="plus-1d"]`)
	b.waitJS(fmt.Sprintf(`document.querySelector('#clock-time').innerText !== %s`, strconv.Quote(before)), "the clock to move a day on")
	b.do(chromedp.Navigate(late))
	b.waitText("main", "expired")
	b.shot("scorecard-link-expired")
}

// dmLink has userID ask for a scorecard link in the sandbox and returns
// the link from the bot's DM.
func dmLink(b *browser, site, userID string) string {
	b.t.Helper()
	b.do(chromedp.Navigate(site))
	b.waitJS(`document.body.dataset.ready === "1"`, "the page to load")
	b.actAs(userID)
	b.click(`[data-channel="general"]`)
	b.command("/indicators web")
	b.waitText("#messages", "I sent you a link to the scorecard")
	b.click(`[data-app="backbone"]`)
	btn := `#messages .msg:last-child button[data-action-id="scorecard:open"]`
	b.waitJS(fmt.Sprintf(`document.querySelector(%s) !== null`, strconv.Quote(btn)), "the DM with the sign-in button")
	b.shot("scorecard-dm-" + strings.ToLower(userID))
	// The button opens its URL in a new tab: catch the URL instead.
	b.eval(`(window.open = (u) => { window.openedURL = u; }, '')`)
	b.click(btn)
	b.waitJS(`typeof window.openedURL === 'string'`, "the button to open the link")
	return b.eval(`window.openedURL`)
}

// staffDM runs a command as Diana in the sandbox and waits for want.
func staffDM(b *browser, site, command, want string) {
	b.t.Helper()
	b.do(chromedp.Navigate(site))
	b.waitJS(`document.body.dataset.ready === "1"`, "the page to load")
	b.actAs("U0DIANA")
	b.click(`[data-channel="backbone-team"]`)
	b.command(command)
	b.waitText("#messages", want)
}

// eval evaluates a JavaScript expression (awaiting a promise) to a string.
func (b *browser) eval(expr string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.timeout(), chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return s
}

// download clicks a download link and returns the file's content.
func (b *browser) download(sel string) string {
	b.t.Helper()
	dir := b.t.TempDir()
	progress := chromedp.Events(b.ctx, cdpbrowser.DownloadProgress)
	b.do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
			Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: new(true)})
		return err
	}))
	b.click(sel)
	for ev, err := range progress {
		if err != nil {
			b.t.Fatalf("download: %v", err)
		}
		if ev.State == cdpbrowser.DownloadProgressStateCompleted {
			raw, err := os.ReadFile(filepath.Join(dir, ev.GUID))
			if err != nil {
				b.t.Fatal(err)
			}
			return string(raw)
		}
	}
	b.t.Fatal("the download did not complete")
	return ""
}
