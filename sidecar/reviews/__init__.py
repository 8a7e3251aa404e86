"""Photo reviews: the owner's moderation of OpenCart reviews, their photos and replies (docs/reviews-api.md)."""
