//go:build faults

package main_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/store/storetest"
)

const (
	// dropEvery and dropTraffic: the connection fails every 10 s during
	// 2 minutes of commands.
	dropEvery   = 10 * time.Second
	dropTraffic = 2 * time.Minute
	// dropLossWindow is how long before each drop the bot's acks are lost
	// on the way, as on a failing network: the envelopes sent meanwhile are
	// handled by the bot, then redelivered by Slack.
	dropLossWindow = 300 * time.Millisecond
)

// TestFaultSocketDrops breaks the Socket Mode connection every 10 s during
// 2 minutes of /commit commands, losing the acks sent just before each
// break. Backbone reconnects each time, and every command, redelivered or
// not, is recorded once and answered once.
func TestFaultSocketDrops(t *testing.T) {
	t.Parallel()
	fake := slacktest.New(t)
	addAdmin(fake)
	dbURL := storetest.NewURL(t)
	st := openStore(t, dbURL)
	p := start(t, "backbone serve", t.TempDir(), serveEnv(t, fake, dbURL), "serve")
	p.waitHTTP(p.baseURL()+"/readyz", 200, startTimeout)

	load := startCommandLoad(t, fake, 2, func(n int) string { return fmt.Sprintf("fault-drop-%d by Friday", n) })
	var reconnects []time.Duration
	tick := time.NewTicker(dropEvery)
	for end := time.Now().Add(dropTraffic); time.Now().Before(end); {
		<-tick.C
		fake.DropSocketsLosingAcks(dropLossWindow)
		dropped := time.Now()
		ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
		err := fake.WaitConnected(ctx)
		cancel()
		if err != nil {
			t.Fatalf("no reconnection within 30 s of drop %d: %v", len(reconnects)+1, err)
		}
		reconnects = append(reconnects, time.Since(dropped))
	}
	tick.Stop()
	acked := load.finish(t, 30*time.Second)

	p.eventually(30*time.Second, "an answer to every command", func() (bool, string) {
		all, _, _ := replies(fake)
		return all >= len(acked), fmt.Sprintf("%d answers to %d commands", all, len(acked))
	})
	made := checkCommitCommands(t, fake, st, acked)
	if made != len(acked) {
		t.Errorf("%d commands recorded of %d acked, want all", made, len(acked))
	}
	checkInvariants(t, st, commitmentInvariants)
	lost, ignored := fake.LostAcks(), strings.Count(p.stderr.String(), "redelivered envelope ignored")
	if lost == 0 || ignored == 0 {
		t.Errorf("%d acks lost and %d redeliveries ignored: the test exercised no redelivery", lost, ignored)
	}
	slices.Sort(reconnects)
	t.Logf("%d drops in %v of traffic; reconnected after %v (median), %v (max)", len(reconnects), dropTraffic,
		reconnects[len(reconnects)/2].Round(time.Millisecond), reconnects[len(reconnects)-1].Round(time.Millisecond))
	t.Logf("%d /commit acked, each recorded and answered once; %d acks lost at the drops, %d redelivered envelopes ignored",
		len(acked), lost, ignored)
	p.stop(syscall.SIGTERM)
}
