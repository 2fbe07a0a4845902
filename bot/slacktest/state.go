package slacktest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"time"
)

// Message is one thing the bot produced in a conversation: a post, an
// ephemeral, an update or a deletion. Messages are kept in the order the fake
// received them; an update or deletion is a new entry with the same TS.
type Message struct {
	// Channel is the conversation ID; for DMs, the fake's D-channel ID.
	Channel string
	// User is the recipient of a DM or an ephemeral message.
	User string
	// TS is the message timestamp ("1700000000.000100").
	TS string
	// ThreadTS is the parent's TS for a thread reply.
	ThreadTS string
	// Text is the message's text (the notification fallback when it has blocks).
	Text string
	// Blocks is the blocks JSON array exactly as the bot sent it.
	Blocks json.RawMessage
	// Ephemeral is set for messages only User sees.
	Ephemeral bool
	// ViaResponseURL is set for messages posted through a response_url.
	ViaResponseURL bool
	// InChannel is set for response_url or ack replies with response_type in_channel.
	InChannel bool
	// Updated is set when this entry replaces an earlier message with the same TS.
	Updated bool
	// Deleted is set when this entry deletes the message with the same TS.
	Deleted bool
	// FileIDs lists files shared with this message (files.completeUploadExternal).
	FileIDs []string
	// Method is how the bot produced it: "chat.postMessage", "chat.update",
	// "chat.postEphemeral", "chat.delete", "response_url", "ack",
	// "files.completeUploadExternal".
	Method string
}

// View is one view the bot opened, pushed, updated or published, as a
// snapshot at that moment. Views are kept in order.
type View struct {
	ID, Type, UserID           string
	CallbackID, ExternalID     string
	PrivateMetadata, Hash      string
	RootViewID, PreviousViewID string
	// Blocks is the view's blocks as the bot sent them.
	Blocks json.RawMessage
	// JSON is the full view object as the fake returned it (with id, hash and
	// generated block_ids).
	JSON json.RawMessage
	// Closed is set on the entry recorded when a modal is closed.
	Closed bool
	// Method is "views.open", "views.push", "views.update", "views.publish",
	// "response_action:update", "response_action:push" or "closed".
	Method string
}

// File is a file the bot uploaded with the upload v2 flow.
type File struct {
	ID, Filename, Title string
	Channel, ThreadTS   string
	InitialComment      string
	Content             []byte
	// Completed is set once files.completeUploadExternal shared it.
	Completed bool
	// User is who shared a file people uploaded (ShareFileInDM); "" for
	// the bot's own uploads.
	User string
}

// Call is one request the bot made: a Web API method, a response_url post or
// a file upload.
type Call struct {
	// Method is the Web API method, or "response_url", or "upload".
	Method string
	// Params holds form (and query) parameters, token included.
	Params url.Values
	// JSON is the body of a JSON request.
	JSON json.RawMessage
	// Status is the HTTP status the fake answered.
	Status int
	// Error is the Slack error code when the answer had ok:false.
	Error string
	// At is when the call arrived, by Options.Now.
	At time.Time
	// RetryAfter is the Retry-After the fake answered with, if any.
	RetryAfter time.Duration
}

// msgKey identifies a message in a conversation.
type msgKey struct{ channel, ts string }

// state is everything the fake remembers, guarded by Server.mu.
type state struct {
	// teamID is the app's workspace; users of another are external.
	teamID string
	seq    int
	lastTS int64

	users    map[string]User
	channels map[string]*Channel
	dmByUser map[string]string
	dmUser   map[string]string

	messages []Message
	current  map[msgKey]*stored

	views     []View
	live      map[string]*liveView
	stacks    map[string][]string
	homes     map[string]string
	files     []*File
	lengths   map[string]int       // upload lengths announced by files.getUploadURLExternal
	mimes     map[string][2]string // mimetype and filetype of files people shared
	calls     []Call
	triggers  map[string]*trigger
	responses map[string]*responseURL
	tickets   map[string]bool

	socks    map[int]*sockConn
	nextSock int
	rr       int
	pending  map[string]*envelope
	pongs    int
	lostAcks int
	// salt makes envelope IDs differ between servers, as Slack's UUIDs do,
	// so that a bot deduplicating them over a kept database (the sandbox's)
	// never mistakes a new envelope for an old one.
	salt uint64

	faults  map[string][]fault
	latency map[string]time.Duration
	rate    rateLimit
	random  *randomFaults
	stalls  map[string][]*stall
	scopes  []string
	skew    time.Duration
	// token replaces Options.BotToken once the app is installed again
	// after a revocation; revoked refuses the current one.
	token    string
	revoked  bool
	installs int

	violations []error
}

func newState() *state {
	return &state{
		users:     map[string]User{},
		channels:  map[string]*Channel{},
		dmByUser:  map[string]string{},
		dmUser:    map[string]string{},
		current:   map[msgKey]*stored{},
		live:      map[string]*liveView{},
		stacks:    map[string][]string{},
		homes:     map[string]string{},
		lengths:   map[string]int{},
		mimes:     map[string][2]string{},
		triggers:  map[string]*trigger{},
		responses: map[string]*responseURL{},
		tickets:   map[string]bool{},
		socks:     map[int]*sockConn{},
		pending:   map[string]*envelope{},
		faults:    map[string][]fault{},
		latency:   map[string]time.Duration{},
		stalls:    map[string][]*stall{},
		salt:      rand.Uint64(),
	}
}

// nextID returns a new ID such as "V0000000007".
func (st *state) nextID(prefix string) string {
	st.seq++
	return fmt.Sprintf("%s%010d", prefix, st.seq)
}

// nextTS returns a message timestamp after every earlier one, following the
// clock when it moves ahead.
func (st *state) nextTS(now time.Time) string {
	micro := now.UnixMicro()
	if micro <= st.lastTS {
		micro = st.lastTS + 1
	}
	st.lastTS = micro
	return fmt.Sprintf("%d.%06d", micro/1e6, micro%1e6)
}
