"""Advice to creators (`pledgekit check --advice`): a review against published evidence."""

from pledgekit.advice.campaign import RULES, Advice, Rule, review_campaign
from pledgekit.advice.site import UnknownCampaign, review_site

__all__ = ["RULES", "Advice", "Rule", "UnknownCampaign", "review_campaign", "review_site"]
