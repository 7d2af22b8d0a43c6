"""Advice to creators (`pledgekit check --advice`): a review against published evidence."""

from generator.advice.campaign import RULES, Advice, Rule, review_campaign
from generator.advice.site import UnknownCampaign, review_site

__all__ = ["RULES", "Advice", "Rule", "UnknownCampaign", "review_campaign", "review_site"]
