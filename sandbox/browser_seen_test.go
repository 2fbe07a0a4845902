package sandbox_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserWhatPeopleSee shows, in the sandbox, what the "what people
// see" issue fixed: one request DM kept current as it is answered from
// elsewhere (item 3), a partner's own segment values (item 5), mentions in
// the digest's quoted shout-outs shown as names (item 2), and the charts
// and exports the bot uploads (item 8). Each step leaves a screenshot.
func TestBrowserWhatPeopleSee(t *testing.T) {
	b, _ := openSandbox(t)

	// Item 3: staff commit Maria to something; she gets one request DM.
	b.actAs("U0DIANA")
	b.click(`[data-channel="parent-education"]`)
	b.command("/commit @maria Draft the MOU with the sheriff by Friday")
	b.waitText("#messages", "will draft the MOU with the sheriff")
	b.actAs("U0MARIA")
	b.click(`[data-app="backbone"]`)
	b.waitText("#messages", "Can you take it on?")
	b.shot("proxy-request")
	// She accepts from her list, not from the request...
	b.click(`[data-channel="parent-education"]`)
	b.command("/commitments mine")
	b.waitJS(`document.querySelector('#messages .msg:last-child button[data-action-id^="commitment:accept"]') !== null`, "the Accept button in her list")
	b.click(`#messages .msg:last-child button[data-action-id^="commitment:accept"]`)
	// ...and the request DM, changed in place, no longer asks.
	b.click(`[data-app="backbone"]`)
	request := `[...document.querySelectorAll('#messages .msg')].find((m) => m.innerText.includes('Draft the MOU with the sheriff'))`
	b.waitJS(request+`?.innerText.includes('You took on this commitment')`, "the request DM to say she took it on")
	b.waitJS(`!`+request+`.innerText.includes('Decline') && `+request+`.querySelector('.edited') !== null`, "the request's buttons to go")
	if n := b.count(`[...document.querySelectorAll('#messages .msg')].filter((m) => m.innerText.includes('Draft the MOU with the sheriff')).length`); n != 1 {
		t.Errorf("Maria's DMs show the commitment %d times, want one message changed in place", n)
	}
	b.shot("proxy-request-accepted")

	// Item 5: a school sees its own town figures, which others see
	// suppressed; item 8: the chart the bot uploads is shown inline.
	b.actAs("U0SAM")
	b.click(`[data-channel="parent-education"]`)
	b.command("/indicators show teen-vaping")
	b.waitText("#messages", "Your organization's own")
	b.waitText("#messages", "to protect other organizations' data")
	b.shot("partner-own-segments")
	b.click(`[data-app="backbone"]`)
	b.waitJS(`[...document.querySelectorAll('#messages .msg-file img')].some((i) => i.complete && i.naturalWidth > 0)`, "the chart to be shown")
	b.shot("indicator-chart")

	// Item 2: a shout-out naming two people, quoted in the digest with
	// names, never as raw <@U…> markup.
	b.actAs("U0DIANA")
	b.click(`[data-channel="backbone-team"]`)
	b.command("/shoutout @omar lined up three teen speakers with @kevin for the parent night!")
	b.waitText("#messages", "lined up three teen speakers")
	b.command("/digest preview")
	digest := `[...document.querySelectorAll('#messages .msg')].find((m) => m.innerText.includes('Shout-outs this week'))`
	b.waitJS(digest+` !== undefined`, "the digest preview")
	text := b.text("#messages")
	for _, raw := range []string{"<@U0", "&lt;@", "<@"} {
		if strings.Contains(text, raw) {
			t.Errorf("the sandbox shows raw markup %q:\n%s", raw, text)
		}
	}
	b.waitJS(digest+`.innerText.includes('@Kevin Walsh')`, "the digest to name Kevin in the quoted shout-out")
	b.shot("digest-shoutout-names")

	// Item 8: the CSV export is a download link.
	b.command("/indicators export teen-vaping")
	b.click(`[data-app="backbone"]`)
	b.waitJS(`[...document.querySelectorAll('#messages .msg-file a[download]')].some((a) => a.download.endsWith('.csv'))`, "the CSV download link")
	b.shot("export-csv-link")
}

// count evaluates a JavaScript expression that counts something.
func (b *browser) count(expr string) int {
	b.t.Helper()
	n, err := chromedp.Run(b.timeout(), chromedp.Evaluate[int](expr))
	if err != nil {
		b.t.Fatalf("count %s: %v", expr, err)
	}
	return n
}
