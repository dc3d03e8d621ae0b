"""Scenarios: YAML files that build a small world and tell a governance story."""
