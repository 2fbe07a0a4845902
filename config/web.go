package config

// MinSessionSecret is the shortest SESSION_SECRET taken: 32 bytes, the
// size of the HMAC-SHA256 key it becomes.
const MinSessionSecret = 32

func (p *parser) sessionSecret(name string) Secret {
	v := p.str(name, "")
	if v != "" && len(v) < MinSessionSecret {
		p.problem("%s must be at least %d characters (leave it unset to have one generated under DATA_DIR)", name, MinSessionSecret)
	}
	return Secret(v)
}

// BaseURL is where browsers reach the server: PUBLIC_URL, or else
// http://HTTP_ADDR.
func (c Config) BaseURL() string {
	if c.PublicURL != "" {
		return c.PublicURL
	}
	return "http://" + c.HTTPAddr
}
