output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "cidr" {
  description = "IPv4 CIDR block of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "public_subnet_ids" {
  description = "IDs of the public subnets, one per availability zone."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "IDs of the private subnets, one per availability zone (the cluster nodes, databases, caches and broker live there)."
  value       = aws_subnet.private[*].id
}

output "nat_public_ips" {
  description = "Public IPs the private subnets reach the internet from (to allow-list them elsewhere)."
  value       = aws_eip.nat[*].public_ip
}
