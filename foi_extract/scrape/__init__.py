"""Scrape: gather FOI responses from WhatDoTheyKnow and council disclosure logs, politely."""
