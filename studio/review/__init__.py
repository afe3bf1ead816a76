"""SME review, without Qt: the anchors that tie a comment to a block (written by the review
build, used again by the import), the comment file a review copy downloads, and the merge of
such files into a course."""
