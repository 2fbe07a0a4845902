package blockkit

// Limits Slack enforces (Block Kit reference), and the few Backbone adds.
// The three exported ones are what bot/kit's budgets are cut from: the one
// place that knows Slack's limits is this file.
const (
	// MaxMessageBlocks is the most blocks a message may have.
	MaxMessageBlocks    = 50
	maxViewBlocks       = 100
	maxMessageText      = 40000
	maxMessageBlockText = 12000 // msg_blocks_too_long guard, below Slack's observed ~13k

	// MaxSectionText is the most characters of a section's text.
	MaxSectionText = 3000
	maxFields      = 10
	maxFieldText   = 2000
	// MaxHeaderText is the most characters of a header's text.
	MaxHeaderText    = 150
	maxContextElems  = 10
	maxActionsElems  = 25
	maxCtxActions    = 5
	maxID            = 255
	maxButtonText    = 75
	maxButtonValue   = 2000
	maxURL           = 3000
	maxSelectOptions = 100
	maxOptionGroups  = 100
	maxGroupLabel    = 75
	maxOptionText    = 75
	maxOptionValue   = 150
	maxOptionDesc    = 75
	minOverflow      = 1
	maxOverflow      = 5
	maxChoiceOptions = 10 // checkboxes and radio buttons
	maxConfirmTitle  = 100
	maxConfirmText   = 300
	maxConfirmButton = 30
	maxInputLabel    = 2000
	maxInputHint     = 2000
	maxPlaceholder   = 150
	maxInputLength   = 3000
	maxAltText       = 2000
	maxImageTitle    = 2000
	maxMarkdownBlock = 12000

	maxModalButton     = 24 // modal title, submit and close
	maxPrivateMetadata = 3000
	maxCallbackID      = 255
	maxExternalID      = 255
)
