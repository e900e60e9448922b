"""Tests of the hardening issue: restarts, permissions, privacy."""
