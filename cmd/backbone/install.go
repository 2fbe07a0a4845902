package main

import (
	"fmt"
	"time"

	"github.com/backbone-coalition/backbone/bot/install"
	"github.com/backbone-coalition/backbone/config"
	"github.com/backbone-coalition/backbone/secret"
)

// keyring opens TOKEN_ENCRYPTION_KEY (and TOKEN_ENCRYPTION_KEY_OLD during a
// rotation); nil when none is set.
func keyring(cfg config.Config) (*secret.Keyring, error) {
	if cfg.TokenEncryptionKey == "" {
		return nil, nil
	}
	primary, err := secret.ParseKey(cfg.TokenEncryptionKey.Reveal())
	if err != nil {
		return nil, fmt.Errorf("TOKEN_ENCRYPTION_KEY: %w", err)
	}
	var older [][]byte
	if cfg.TokenEncryptionKeyOld != "" {
		old, err := secret.ParseKey(cfg.TokenEncryptionKeyOld.Reveal())
		if err != nil {
			return nil, fmt.Errorf("TOKEN_ENCRYPTION_KEY_OLD: %w", err)
		}
		older = append(older, old)
	}
	return secret.NewKeyring(primary, older...)
}

// installConfig is "Add to Slack", or nil without SLACK_CLIENT_ID.
func installConfig(cfg config.Config) *install.Config {
	if !cfg.MultiWorkspace() {
		return nil
	}
	return &install.Config{ClientID: cfg.SlackClientID, ClientSecret: cfg.SlackClientSecret.Reveal(), PublicURL: cfg.PublicURL, APIURL: cfg.SlackAPIURL}
}

// uninstallRetention is RETENTION_DAYS_AFTER_UNINSTALL as a duration.
func uninstallRetention(cfg config.Config) time.Duration {
	days := cfg.RetentionDaysAfterUninstall
	if days <= 0 {
		days = config.DefaultRetentionDaysAfterUninstall
	}
	return time.Duration(days) * 24 * time.Hour
}
